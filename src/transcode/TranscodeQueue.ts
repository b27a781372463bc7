import { KinoraError } from '../errors/KinoraError.ts';
import { AttemptAborted, type AbortKind } from './AttemptAborted.ts';
import type { JobStore } from './JobStore.ts';
import type { OutputGroupDetail } from './JobStateChangeEvent.ts';
import { TranscodeError } from './TranscodeError.ts';
import { TranscodeErrorCode } from './TranscodeErrorCode.ts';
import type { JobError, JobProgress, TranscodeJob } from './TranscodeJob.ts';


/** What the queue hands the code that runs an attempt. */
export interface AttemptContext {
  attempt: number;
  signal: AbortSignal;
  reportProgress(progress: JobProgress): void;
  /** Renews the lease now; throws AttemptAborted when the job is no longer this worker's. */
  assertOwned(): Promise<void>;
}

/** Notifications of lifecycle transitions this worker made in the store. */
export interface QueueHooks {
  /** A claim: `job.attempts` is 1 on the first, more after a worker died or gave the job back. */
  onClaimed?(job: TranscodeJob): Promise<void> | void;
  onProgress?(job: TranscodeJob, progress: JobProgress): void;
  onCompleted?(job: TranscodeJob): Promise<void> | void;
  onFailed?(job: TranscodeJob): Promise<void> | void;
  /** A store or hook failure the loop survived. */
  onError?(error: unknown, context: string): void;
}

export interface TranscodeQueueOptions {
  store: JobStore;
  workerId: string;
  /** Attempts run at once by this worker. */
  concurrency: number;
  leaseMs: number;
  /** How often a running attempt renews its lease (and saves its progress); default leaseMs / 4. */
  heartbeatMs?: number;
  /** How often an idle worker looks for work it was not told about (other processes' submissions, expired leases). */
  pollIntervalMs: number;
  /** A job claimed more often than this (its workers keep dying) ends in ERROR INTERRUPTED. */
  maxAttempts: number;
  execute(job: TranscodeJob, context: AttemptContext): Promise<OutputGroupDetail[]>;
  hooks?: QueueHooks;
}

interface Running {
  job: TranscodeJob;
  controller: AbortController;
  progress?: JobProgress;
  done: Promise<void>;
}

/**
 * Runs queued transcoding jobs with bounded concurrency over a `JobStore`.
 * Claims are leases: a running attempt renews its lease every `heartbeatMs`
 * and stops as soon as a renewal fails (the job was canceled, or its lease
 * expired and another worker took it). A worker that dies simply stops
 * renewing; once the lease expires, any worker (this one after a restart
 * included) claims the job again and runs it from scratch. Only the worker
 * holding the lease can complete or fail a job, so a job is completed once.
 */
export class TranscodeQueue {
  private readonly options: TranscodeQueueOptions;
  private readonly running = new Map<string, Running>();
  private started = false;
  private pumping = false;
  private again = false;
  private timer?: NodeJS.Timeout;

  constructor(options: TranscodeQueueOptions) {
    if (!(options.concurrency >= 1)) throw new RangeError(`concurrency must be at least 1, found ${options.concurrency}`);
    this.options = options;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.timer = setInterval(() => this.wake(), this.options.pollIntervalMs);
    this.wake();
  }

  /** Looks for work now (after a local submit, or a slot freed). */
  wake(): void {
    if (!this.started) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    void this.pump();
  }

  /** Stops claiming, aborts running attempts and hands their jobs back to the store (still PROGRESSING, lease expired). */
  async stop(): Promise<void> {
    this.started = false;
    clearInterval(this.timer);
    for (const r of this.running.values()) r.controller.abort(new AttemptAborted('stopping'));
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  /** Aborts this worker's attempt at a job; false when it is not running here. */
  abort(jobId: string, kind: AbortKind): boolean {
    const r = this.running.get(jobId);
    if (!r) return false;
    r.controller.abort(new AttemptAborted(kind));
    return true;
  }

  /** Latest progress of a job running here (finer than what heartbeats persist). */
  progressOf(jobId: string): JobProgress | undefined {
    return this.running.get(jobId)?.progress;
  }

  runningJobIds(): string[] {
    return [...this.running.keys()];
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      do {
        this.again = false;
        while (this.started && this.running.size < this.options.concurrency) {
          let job: TranscodeJob | undefined;
          try {
            job = await this.options.store.claim(this.options.workerId, this.options.leaseMs);
          } catch (e) {
            this.options.hooks?.onError?.(e, 'claim');
            break;
          }
          if (!job) break;
          if (!this.started) {
            await this.options.store.release(job.id, this.options.workerId).catch((e) => this.options.hooks?.onError?.(e, 'release'));
            break;
          }
          this.launch(job);
        }
      } while (this.again && this.started);
    } finally {
      this.pumping = false;
    }
  }

  private launch(job: TranscodeJob): void {
    const controller = new AbortController();
    const entry = { job, controller } as Running;
    entry.done = this.runAttempt(entry).finally(() => {
      this.running.delete(job.id);
      this.wake();
    });
    this.running.set(job.id, entry);
  }

  private async runAttempt(entry: Running): Promise<void> {
    const { store, workerId, leaseMs, hooks } = this.options;
    const { job, controller } = entry;
    const { signal } = controller;

    if (job.attempts > this.options.maxAttempts) {
      const error: JobError = {
        code: 'INTERRUPTED',
        mediaConvertCode: TranscodeErrorCode.INTERRUPTED,
        message: `the job was started ${job.attempts - 1} times and its worker stopped each time before it finished (limit ${this.options.maxAttempts})`,
      };
      const failed = await store.fail(job.id, workerId, error).catch((e) => void hooks?.onError?.(e, 'fail'));
      if (failed) await this.hook(() => hooks?.onFailed?.(failed), 'onFailed');
      return;
    }

    await this.hook(() => hooks?.onClaimed?.(job), 'onClaimed');
    const beat = async (): Promise<boolean> => {
      try {
        return await store.heartbeat(job.id, workerId, leaseMs, entry.progress);
      } catch (e) {
        // A failed renewal is not a lost lease: keep going, the next beat may succeed.
        hooks?.onError?.(e, 'heartbeat');
        return true;
      }
    };
    const heartbeat = setInterval(async () => {
      if (!signal.aborted && !(await beat())) controller.abort(new AttemptAborted('lease-lost'));
    }, this.options.heartbeatMs ?? Math.max(50, Math.floor(leaseMs / 4)));

    const context: AttemptContext = {
      attempt: job.attempts,
      signal,
      reportProgress: (progress) => {
        // Reports still buffered from a killed ffmpeg must not follow the CANCELED event.
        if (signal.aborted) return;
        entry.progress = progress;
        hooks?.onProgress?.(job, progress);
      },
      assertOwned: async () => {
        signal.throwIfAborted();
        if (!(await beat())) {
          controller.abort(new AttemptAborted('lease-lost'));
          signal.throwIfAborted();
        }
      },
    };

    try {
      const output = await this.options.execute(job, context);
      clearInterval(heartbeat);
      signal.throwIfAborted();
      const completed = await store.complete(job.id, workerId, output);
      if (completed) await this.hook(() => hooks?.onCompleted?.(completed), 'onCompleted');
    } catch (e) {
      clearInterval(heartbeat);
      if (signal.aborted) {
        const kind = signal.reason instanceof AttemptAborted ? signal.reason.kind : 'stopping';
        if (kind === 'stopping') await store.release(job.id, workerId).catch((err) => hooks?.onError?.(err, 'release'));
        return;
      }
      const failed = await store.fail(job.id, workerId, toJobError(e)).catch((err) => void hooks?.onError?.(err, 'fail'));
      if (failed) await this.hook(() => hooks?.onFailed?.(failed), 'onFailed');
    }
  }

  private async hook(call: () => Promise<void> | void, name: string): Promise<void> {
    try {
      await call();
    } catch (e) {
      this.options.hooks?.onError?.(e, name);
    }
  }
}

/** A thrown value as a job error: TranscodeErrors keep their code; anything else is an unexpected TRANSCODE_FAILED. */
function toJobError(e: unknown): JobError {
  if (e instanceof TranscodeError) return { code: e.code, mediaConvertCode: e.mediaConvertCode, message: e.message };
  if (e instanceof KinoraError && e.code === 'INVALID_REQUEST') return { code: 'SETTINGS_INVALID', mediaConvertCode: TranscodeErrorCode.SETTINGS_INVALID, message: e.message };
  if ((e as { code?: unknown })?.code === 'ENOSPC') return { code: 'DISK_FULL', mediaConvertCode: TranscodeErrorCode.DISK_FULL, message: `the transcoder's work folder is full: ${(e as Error).message}` };
  const message = e instanceof Error ? `${(e as any).code ? `${(e as any).code}: ` : ''}${e.message}` : String(e);
  return { code: 'TRANSCODE_FAILED', mediaConvertCode: TranscodeErrorCode.TRANSCODE_FAILED, message: `unexpected error: ${message}` };
}
