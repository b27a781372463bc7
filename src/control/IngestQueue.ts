import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Catalog } from '../catalog/Catalog.ts';
import type { AssetRecord, AssetStatus } from '../catalog/records.ts';
import { ingestAsset, type IngestDeps } from '../ingest/ingestAsset.ts';
import type { Timers } from '../time/Timers.ts';
import { nodeTimers } from '../time/nodeTimers.ts';

export interface IngestQueueDeps extends IngestDeps {
  catalog: Catalog;
  /** Ingests running at once; the rest wait in arrival order. */
  concurrency: number;
  /** Where unexpected failures are reported (default: console.error). */
  log?: (message: string, error?: unknown) => void;
  /** This queue's lease owner id, unique per process (default `ingest-<host>-<pid>-<random>`). */
  owner?: string;
  /**
   * Ingest lease (default 30 s), renewed every third of it while the queue
   * holds the asset (waiting or ingesting). A process that dies stops
   * renewing; once its leases lapse, another process's poll takes its assets.
   */
  leaseMs?: number;
  /** How often a started queue (`start`) claims assets nobody holds (default 5 s). */
  pollIntervalMs?: number;
  /** Clock, epoch ms (default `Date.now`). */
  now?: () => number;
  /** Default: Node's global timers (unref'd, so they never keep a process alive). */
  timers?: Timers;
}

/** Defaults: a dead process's assets are taken over within about 30 s plus one 5 s poll. */
const DEFAULT_LEASE_MS = 30_000;
const DEFAULT_POLL_INTERVAL_MS = 5_000;

/**
 * Background ingest for the control plane: CreateAsset answers at once with
 * the asset QUEUED and `enqueue`s it; at most `concurrency` ingests run.
 * Each asset's ingest is isolated: whatever it throws ends as that asset's
 * FAILED status (or, if even that cannot be written, in the log), never in
 * another asset's.
 *
 * Several Kinora processes may share one catalog (PostgreSQL), so an asset
 * is ingested only under its ingest lease (`Catalog.claimIngest`), which one
 * queue holds at a time:
 * - `enqueue` claims the asset at once (an asset this process just created:
 *   single-process latency is as without leases);
 * - `recover` (at start) claims every asset left QUEUED or PROCESSING whose
 *   lease is free or expired, never one a live process is ingesting;
 * - once `start`ed, a poll every `pollIntervalMs` claims, up to the free
 *   capacity, assets whose lease is free or expired: a dead process's
 *   leftovers, or assets created without an ingest (a CLI `createAsset`);
 * - the queue renews the leases it holds every `leaseMs / 3`; an asset whose
 *   renewal fails (another process took it after a stall) is dropped if it was
 *   waiting, and if it was being ingested, that ingest's writes are refused
 *   (`setIngestStatus` / `putIngestIndex`): its outcome is dropped, and the
 *   process that took the asset over records its own, once.
 * `close` stops starting new work and releases the leases the queue holds,
 * so another process may take those assets at once (a single process
 * ingests them again at its next start). An ingest already running is
 * abandoned, not aborted: it runs on while the process does, but having no
 * lease any more it can record nothing (the asset stays where it was, and
 * its events after IngestStart are not sent).
 *
 * An asset taken over is ingested again from the beginning: its IngestStart
 * event may be announced by both processes, its outcome (IngestComplete or
 * IngestError) only by the one that records it.
 */
export class IngestQueue {
  /** The lease owner id this queue claims with. */
  readonly owner: string;
  private readonly deps: IngestQueueDeps;
  private readonly leaseMs: number;
  private readonly pollIntervalMs: number;
  private readonly now: () => number;
  private readonly timers: Timers;
  private readonly log: (message: string, error?: unknown) => void;
  /** Claimed, waiting their turn. */
  private readonly pending: string[] = [];
  /** Known to the queue: being claimed, waiting or running. */
  private readonly queued = new Set<string>();
  /** Assets whose lease this queue holds (waiting or running); renewed together. */
  private readonly held = new Set<string>();
  /** Assets being ingested now. */
  private readonly runningIds = new Set<string>();
  /** Claims in flight (`enqueue`, `recover`, the poll): `idle` waits for them. */
  private claiming = 0;
  private closed = false;
  private started = false;
  private renewTimer: unknown;
  private pollTimer: unknown;
  private polling = false;
  private idleWaiters: (() => void)[] = [];

  constructor(deps: IngestQueueDeps) {
    this.deps = deps;
    this.owner = deps.owner ?? `ingest-${hostname()}-${process.pid}-${randomUUID()}`;
    this.leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
    this.pollIntervalMs = deps.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.now = deps.now ?? Date.now;
    this.timers = deps.timers ?? nodeTimers({ unref: true });
    this.log = deps.log ?? ((message, error) => console.error(message, error ?? ''));
  }

  /** Claims the asset and queues it; does nothing if another process holds its lease (that one ingests it). */
  enqueue(assetId: string): void {
    if (this.closed || this.queued.has(assetId)) return;
    this.queued.add(assetId);
    void this.claim({ ids: [assetId], limit: 1 }).then((claimed) => {
      if (claimed.length === 0 && !this.held.has(assetId)) this.queued.delete(assetId);
    });
  }

  /** Claims every asset left QUEUED or PROCESSING whose lease is free or expired (oldest first) and queues it; returns their ids. */
  async recover(): Promise<string[]> {
    return this.claim({});
  }

  /** Starts the periodic poll for assets nobody holds (the server does; a CLI command does not). */
  start(): void {
    if (this.closed || this.started) return;
    this.started = true;
    this.schedulePoll();
  }

  /** Resolves once nothing is being claimed, queued or running. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Ingests queued or running now. */
  get size(): number {
    return this.runningIds.size + this.pending.length;
  }

  /** Stops the poll and renewals, drops what waits, and releases every lease held (see the class comment). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.pollTimer !== undefined) this.timers.clearTimeout(this.pollTimer);
    if (this.renewTimer !== undefined) this.timers.clearTimeout(this.renewTimer);
    this.pollTimer = this.renewTimer = undefined;
    this.pending.length = 0;
    this.queued.clear();
    const ids = [...this.held];
    this.held.clear();
    this.settleIfIdle();
    if (ids.length === 0) return;
    try {
      await this.deps.catalog.releaseIngestLeases({ owner: this.owner, ids });
    } catch (e) {
      // The catalog may already be closing: the leases then lapse on their own.
      this.log(`ingest queue ${this.owner} could not release its leases (they lapse in ${this.leaseMs} ms):`, e);
    }
  }

  /** Claims, takes the claimed assets into the queue, and returns their ids. */
  private async claim(query: { ids?: string[]; limit?: number }): Promise<string[]> {
    if (this.closed) return [];
    this.claiming++;
    try {
      const claimed = await this.deps.catalog.claimIngest({ owner: this.owner, now: this.nowIso(), leaseMs: this.leaseMs, ...query });
      if (this.closed) {
        if (claimed.length > 0) await this.deps.catalog.releaseIngestLeases({ owner: this.owner, ids: claimed.map((a) => a.id) });
        return [];
      }
      for (const a of claimed) this.take(a);
      return claimed.map((a) => a.id);
    } catch (e) {
      if (!this.closed) this.log(`ingest queue ${this.owner} could not claim assets:`, e);
      return [];
    } finally {
      this.claiming--;
      this.pump();
      this.settleIfIdle();
    }
  }

  /**
   * A claimed asset joins the queue, unless it is in it already: one whose
   * lease the queue held or holds again (its own lease claimed back after it
   * lapsed), whose ingest goes on under the lease renewed.
   */
  private take(asset: AssetRecord): void {
    const known = this.held.has(asset.id) || this.runningIds.has(asset.id);
    this.held.add(asset.id);
    this.scheduleRenewal();
    if (known) return;
    this.queued.add(asset.id);
    this.pending.push(asset.id);
  }

  private pump(): void {
    while (!this.closed && this.runningIds.size < this.deps.concurrency && this.pending.length > 0) {
      const id = this.pending.shift()!;
      this.runningIds.add(id);
      this.run(id).finally(() => {
        this.runningIds.delete(id);
        this.queued.delete(id);
        // The lease ended with the outcome (or lapses on its own if the outcome could not be written: then any process retries after leaseMs).
        this.held.delete(id);
        this.pump();
        this.settleIfIdle();
      });
    }
  }

  private async run(id: string): Promise<void> {
    try {
      const asset = await this.deps.catalog.getAsset(id);
      if (!asset || this.closed || !this.held.has(id)) return; // deleted before its turn, shutting down, or lease lost while waiting
      await ingestAsset(asset, { ...this.deps, catalog: leasedCatalog(this.deps.catalog, this.owner) });
    } catch (e) {
      if (e instanceof IngestLeaseLost) {
        if (!this.closed) this.log(`ingest of asset ${id} lost its lease to another process, which ingests it; this outcome is dropped`);
        return;
      }
      // Only a catalog failure gets here (ingestAsset turns source problems into FAILED).
      if (!this.closed) this.log(`ingest of asset ${id} could not record its outcome:`, e);
    }
  }

  private scheduleRenewal(): void {
    if (this.closed || this.renewTimer !== undefined || this.held.size === 0) return;
    this.renewTimer = this.timers.setTimeout(() => void this.renew(), Math.max(1, Math.floor(this.leaseMs / 3)));
  }

  private async renew(): Promise<void> {
    this.renewTimer = undefined;
    const ids = [...this.held];
    if (this.closed || ids.length === 0) return;
    try {
      const kept = new Set(await this.deps.catalog.renewIngestLeases({ owner: this.owner, ids, now: this.nowIso(), leaseMs: this.leaseMs }));
      for (const id of ids) {
        if (kept.has(id) || !this.held.has(id)) continue;
        // Lost (taken over after a stall, finished, or deleted): stop renewing; a waiting asset leaves the queue.
        this.held.delete(id);
        const waiting = this.pending.indexOf(id);
        if (waiting >= 0) {
          this.pending.splice(waiting, 1);
          this.queued.delete(id);
        }
      }
    } catch (e) {
      if (!this.closed) this.log(`ingest queue ${this.owner} could not renew its leases:`, e);
    }
    this.settleIfIdle();
    this.scheduleRenewal();
  }

  private schedulePoll(): void {
    if (this.closed || !this.started) return;
    this.pollTimer = this.timers.setTimeout(() => void this.poll(), this.pollIntervalMs);
  }

  private async poll(): Promise<void> {
    this.pollTimer = undefined;
    if (this.closed || this.polling) return;
    this.polling = true;
    try {
      const free = this.deps.concurrency - this.size;
      if (free > 0) await this.claim({ limit: free });
    } finally {
      this.polling = false;
      this.schedulePoll();
    }
  }

  private nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  private isIdle(): boolean {
    return this.runningIds.size === 0 && this.pending.length === 0 && this.claiming === 0;
  }

  private settleIfIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

/** An ingest's write was refused: another owner holds the asset's lease now. */
class IngestLeaseLost extends Error {
  constructor(id: string) {
    super(`the ingest lease of asset ${id} is held by another owner`);
    this.name = 'IngestLeaseLost';
  }
}

/**
 * The catalog as `ingestAsset` sees it inside the queue: its status and
 * index writes go through the lease-checked `setIngestStatus` and
 * `putIngestIndex`. A refused write throws `IngestLeaseLost`, which ends the
 * ingest before it reports anything more; a write refused because the asset
 * was deleted stays the no-op `ingestAsset` expects.
 */
function leasedCatalog(catalog: Catalog, owner: string): IngestDeps['catalog'] {
  const refused = async (id: string) => {
    if (await catalog.getAsset(id)) throw new IngestLeaseLost(id);
  };
  const setAssetStatus = async (id: string, status: AssetStatus, reason?: string) => {
    if (!(await catalog.setIngestStatus({ id, owner, status, reason }))) await refused(id);
  };
  const putAssetIndex = async (id: string, index: Uint8Array) => {
    if (!(await catalog.putIngestIndex({ id, owner, index }))) await refused(id);
  };
  return { getAsset: (id) => catalog.getAsset(id), setAssetStatus, putAssetIndex };
}
