import { ingestAsset, type IngestDeps } from '../ingest/ingestAsset.ts';

export interface IngestQueueDeps extends IngestDeps {
  /** Ingests running at once; the rest wait in arrival order. */
  concurrency: number;
  /** Where unexpected failures are reported (default: console.error). */
  log?: (message: string, error?: unknown) => void;
}

/**
 * Background ingest for the control plane: CreateAsset answers at once with
 * the asset QUEUED and `enqueue`s it; at most `concurrency` ingests run.
 * Each asset's ingest is isolated: whatever it throws ends as that asset's
 * FAILED status (or, if even that cannot be written, in the log), never in
 * another asset's. `recover` re-queues assets a crash left QUEUED or
 * PROCESSING, so none stays stuck. `close` stops starting new work; ingests
 * already running are abandoned (their assets stay PROCESSING, and the next
 * start's `recover` ingests them again from the beginning).
 */
export class IngestQueue {
  private readonly deps: IngestQueueDeps;
  private readonly pending: string[] = [];
  private readonly queued = new Set<string>();
  private running = 0;
  private closed = false;
  private idleWaiters: (() => void)[] = [];

  constructor(deps: IngestQueueDeps) {
    this.deps = deps;
  }

  enqueue(assetId: string): void {
    if (this.closed || this.queued.has(assetId)) return;
    this.queued.add(assetId);
    this.pending.push(assetId);
    this.pump();
  }

  /** Re-queues every asset left QUEUED or PROCESSING (oldest first); returns their ids. */
  async recover(): Promise<string[]> {
    const stuck = await this.deps.catalog.listAssetsByStatus(['QUEUED', 'PROCESSING']);
    for (const a of stuck) this.enqueue(a.id);
    return stuck.map((a) => a.id);
  }

  /** Resolves once nothing is queued or running. */
  idle(): Promise<void> {
    if (this.running === 0 && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Ingests queued or running now. */
  get size(): number {
    return this.running + this.pending.length;
  }

  close(): void {
    this.closed = true;
    this.pending.length = 0;
    this.queued.clear();
    this.settleIfIdle();
  }

  private pump(): void {
    while (!this.closed && this.running < this.deps.concurrency && this.pending.length > 0) {
      const id = this.pending.shift()!;
      this.running++;
      this.run(id).finally(() => {
        this.running--;
        this.queued.delete(id);
        this.pump();
        this.settleIfIdle();
      });
    }
  }

  private async run(id: string): Promise<void> {
    const log = this.deps.log ?? ((message, error) => console.error(message, error ?? ''));
    try {
      const asset = await this.deps.catalog.getAsset(id);
      if (!asset || this.closed) return; // deleted before its turn, or shutting down
      await ingestAsset(asset, this.deps);
    } catch (e) {
      // Only a catalog failure gets here (ingestAsset turns source problems into FAILED).
      if (!this.closed) log(`ingest of asset ${id} could not record its outcome:`, e);
    }
  }

  private settleIfIdle(): void {
    if (this.running > 0 || this.pending.length > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
