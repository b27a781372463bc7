import { KinoraError } from '../errors/KinoraError.ts';
import type { JobStore } from './JobStore.ts';
import type { OutputGroupDetail } from './JobStateChangeEvent.ts';
import type { JobError, JobProgress, JobStatus, TranscodeJob, WatchedSource } from './TranscodeJob.ts';

/**
 * In-process `JobStore` for tests and throwaway runs. Records are copied in
 * and out (structuredClone) so callers never share state with the store,
 * exactly as with a database.
 */
export class MemoryJobStore implements JobStore {
  private readonly jobs = new Map<string, TranscodeJob>();
  private readonly sources = new Map<string, WatchedSource>();
  private readonly now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.now = options.now ?? Date.now;
  }

  async insert(job: TranscodeJob): Promise<void> {
    if (this.jobs.has(job.id)) throw new KinoraError('ALREADY_EXISTS', `transcode job ${job.id} already exists`, { subject: job.id });
    this.jobs.set(job.id, structuredClone(job));
  }

  async insertForSource(job: TranscodeJob, source: WatchedSource): Promise<boolean> {
    const known = this.sources.get(sourceKey(source.bucket, source.key));
    if (known && known.size === source.size && known.lastModifiedMs === source.lastModifiedMs) return false;
    await this.insert(job);
    this.sources.set(sourceKey(source.bucket, source.key), { ...source });
    return true;
  }

  async getSource(bucket: string, key: string): Promise<WatchedSource | undefined> {
    const s = this.sources.get(sourceKey(bucket, key));
    return s ? { ...s } : undefined;
  }

  async get(id: string): Promise<TranscodeJob | undefined> {
    const job = this.jobs.get(id);
    return job ? structuredClone(job) : undefined;
  }

  async list(filter: { status?: JobStatus; limit?: number } = {}): Promise<TranscodeJob[]> {
    const all = [...this.jobs.values()].filter((j) => filter.status === undefined || j.status === filter.status);
    all.sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1));
    return all.slice(0, filter.limit ?? all.length).map((j) => structuredClone(j));
  }

  async claim(workerId: string, leaseMs: number): Promise<TranscodeJob | undefined> {
    const now = this.now();
    let best: TranscodeJob | undefined;
    for (const j of this.jobs.values()) {
      const claimable = j.status === 'SUBMITTED' || (j.status === 'PROGRESSING' && (j.lease?.expiresAt ?? 0) <= now);
      if (!claimable) continue;
      if (!best || j.createdAt < best.createdAt || (j.createdAt === best.createdAt && j.id < best.id)) best = j;
    }
    if (!best) return undefined;
    best.status = 'PROGRESSING';
    best.attempts += 1;
    best.startedAt ??= new Date(now).toISOString();
    best.lease = { workerId, expiresAt: now + leaseMs };
    delete best.progress;
    return structuredClone(best);
  }

  async heartbeat(id: string, workerId: string, leaseMs: number, progress?: JobProgress): Promise<boolean> {
    const j = this.held(id, workerId);
    if (!j) return false;
    j.lease = { workerId, expiresAt: this.now() + leaseMs };
    if (progress) j.progress = { ...progress };
    return true;
  }

  async complete(id: string, workerId: string, outputGroupDetails: OutputGroupDetail[]): Promise<TranscodeJob | undefined> {
    const j = this.held(id, workerId);
    if (!j) return undefined;
    j.status = 'COMPLETE';
    j.outputGroupDetails = structuredClone(outputGroupDetails);
    j.progress = { currentPhase: 'UPLOADING', jobPercentComplete: 100, phasePercentComplete: 100, ...(j.progress?.framesDecoded !== undefined ? { framesDecoded: j.progress.framesDecoded } : {}) };
    this.finish(j);
    return structuredClone(j);
  }

  async fail(id: string, workerId: string, error: JobError): Promise<TranscodeJob | undefined> {
    const j = this.held(id, workerId);
    if (!j) return undefined;
    j.status = 'ERROR';
    j.error = { ...error };
    this.finish(j);
    return structuredClone(j);
  }

  async release(id: string, workerId: string): Promise<boolean> {
    const j = this.held(id, workerId);
    if (!j) return false;
    j.lease = { workerId, expiresAt: this.now() };
    return true;
  }

  async cancel(id: string): Promise<{ job: TranscodeJob; canceled: boolean } | undefined> {
    const j = this.jobs.get(id);
    if (!j) return undefined;
    if (j.status !== 'SUBMITTED' && j.status !== 'PROGRESSING') return { job: structuredClone(j), canceled: false };
    j.status = 'CANCELED';
    this.finish(j);
    return { job: structuredClone(j), canceled: true };
  }

  async close(): Promise<void> {}

  private held(id: string, workerId: string): TranscodeJob | undefined {
    const j = this.jobs.get(id);
    return j && j.status === 'PROGRESSING' && j.lease?.workerId === workerId ? j : undefined;
  }

  private finish(j: TranscodeJob): void {
    j.finishedAt = new Date(this.now()).toISOString();
    delete j.lease;
  }
}

function sourceKey(bucket: string, key: string): string {
  return `${bucket}\n${key}`;
}
