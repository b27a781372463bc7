import type { OutputGroupDetail } from './JobStateChangeEvent.ts';
import type { JobError, JobProgress, JobStatus, TranscodeJob, WatchedSource } from './TranscodeJob.ts';

/**
 * Port: the durable transcoding queue. Adapters: `MemoryJobStore` (tests, one
 * process), `SqliteJobStore` (embedded default) and, for scale-out, a
 * PostgreSQL adapter; one contract suite (test/contract/jobStore.test.ts) runs
 * against each.
 *
 * Work is handed out by leases: `claim` atomically takes the oldest SUBMITTED
 * job, or a PROGRESSING one whose lease has expired (its worker died), marks
 * it PROGRESSING under the caller's lease and counts the attempt. On
 * PostgreSQL that is one statement:
 *
 * ```sql
 * UPDATE transcode_jobs SET status = 'PROGRESSING', lease_owner = $1,
 *        lease_expires_at = now() + $2 * interval '1 millisecond', attempts = attempts + 1
 *  WHERE id = (SELECT id FROM transcode_jobs
 *               WHERE status = 'SUBMITTED' OR (status = 'PROGRESSING' AND lease_expires_at < now())
 *               ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
 * RETURNING *;
 * ```
 *
 * `heartbeat`, `complete`, `fail` and `release` only act while the caller
 * still holds the lease (same worker, job still PROGRESSING); they answer
 * false/undefined otherwise, which is how a worker learns that its job was
 * canceled or taken over, and why a late worker can never overwrite a result.
 * The adapters read the clock given to their constructor (default `Date.now`).
 */
export interface JobStore {
  /** Adds a SUBMITTED job; ALREADY_EXISTS when the id is taken. */
  insert(job: TranscodeJob): Promise<void>;
  /**
   * Adds a job for a watch-folder file and remembers the file, atomically.
   * Returns false, adding nothing, when that bucket/key was already recorded
   * with the same size and last-modified time (it was processed before).
   */
  insertForSource(job: TranscodeJob, source: WatchedSource): Promise<boolean>;
  getSource(bucket: string, key: string): Promise<WatchedSource | undefined>;
  get(id: string): Promise<TranscodeJob | undefined>;
  /** Newest first (MediaConvert ListJobs' default order). */
  list(filter?: { status?: JobStatus; limit?: number }): Promise<TranscodeJob[]>;
  claim(workerId: string, leaseMs: number): Promise<TranscodeJob | undefined>;
  /** Extends the lease to now + `leaseMs` and records progress; false when the lease is lost. */
  heartbeat(id: string, workerId: string, leaseMs: number, progress?: JobProgress): Promise<boolean>;
  /** PROGRESSING -> COMPLETE; undefined when the lease is lost. */
  complete(id: string, workerId: string, outputGroupDetails: OutputGroupDetail[]): Promise<TranscodeJob | undefined>;
  /** PROGRESSING -> ERROR; undefined when the lease is lost. */
  fail(id: string, workerId: string, error: JobError): Promise<TranscodeJob | undefined>;
  /** Gives the job back (lease expired now, still PROGRESSING) so any worker may claim it at once. */
  release(id: string, workerId: string): Promise<boolean>;
  /**
   * SUBMITTED or PROGRESSING -> CANCELED (a running worker finds out at its
   * next heartbeat). `canceled` is false when the job had already ended;
   * undefined when there is no such job.
   */
  cancel(id: string): Promise<{ job: TranscodeJob; canceled: boolean } | undefined>;
  close(): Promise<void>;
}
