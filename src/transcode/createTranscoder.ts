import { randomUUID } from 'node:crypto';
import { availableParallelism, hostname } from 'node:os';
import { ARN_ACCOUNT, ARN_REGION } from '../catalog/arns.ts';
import { KinoraError } from '../errors/KinoraError.ts';
import type { ObjectStore } from '../storage/ObjectStore.ts';
import { buildJobStateChangeEvent } from './buildJobStateChangeEvent.ts';
import { defaultTemplate } from './defaultTemplate.ts';
import type { InputPolicy } from './InputLocation.ts';
import type { JobStore } from './JobStore.ts';
import type { JobEventStatus, JobStateChangeEvent } from './JobStateChangeEvent.ts';
import { newJobId } from './newJobId.ts';
import { planOutputLocation } from './planOutputLocation.ts';
import { readInputLocation } from './readInputLocation.ts';
import { runTranscodeJob } from './runTranscodeJob.ts';
import { TranscodeError } from './TranscodeError.ts';
import type { JobStatus, TranscodeJob, WatchedSource } from './TranscodeJob.ts';
import { TranscodeQueue } from './TranscodeQueue.ts';
import type { TranscodeTemplate } from './TranscodeTemplate.ts';
import { validateTemplate } from './validateTemplate.ts';

export interface TranscoderOptions {
  store: JobStore;
  /** Where `s3://` inputs are read from and outputs are written to. */
  objectStore: ObjectStore;
  /** Local work folder (inputs fetched from buckets, ffmpeg output before publication). */
  tempDir: string;
  /** Receives every job state change, as MediaConvert's EventBridge event. Awaited; events of one job arrive in order. */
  emit: (event: JobStateChangeEvent) => void | Promise<void>;
  /** Jobs run at once by this process; default half the cores (1 on 2 cores): each ffmpeg uses every core it gets. */
  concurrency?: number;
  /** Default `<hostname>/<pid>/<random>`: unique per process, so a restarted process never mistakes a dead one's lease for its own. */
  workerId?: string;
  /** How long a claim lasts without renewal; a crashed worker's job is re-run this long after its last heartbeat. Default 30 s. */
  leaseMs?: number;
  /** Default leaseMs / 4. */
  heartbeatMs?: number;
  /** Idle polling for work submitted by other processes and for expired leases; default 1 s. */
  pollIntervalMs?: number;
  /** Default 3: a job whose worker dies three times ends in ERROR. */
  maxAttempts?: number;
  /**
   * Minimum time between two STATUS_UPDATE events of a job; default 10 s
   * (MediaConvert's shortest `StatusUpdateInterval`; its default is 60 s).
   * 0 emits one per whole-percent increase.
   */
  statusUpdateIntervalMs?: number;
  inputPolicy?: Partial<InputPolicy>;
  /** Largest input fetched from a bucket or URL; default unlimited. */
  maxInputBytes?: number;
  ffmpegPath?: string;
  ffprobePath?: string;
  /** For ARNs and events; default KINORA_ACCOUNT_ID / KINORA_REGION as everywhere in Kinora. */
  account?: string;
  region?: string;
  /** Failures the transcoder survives: an `emit` that threw, a store error in the queue loop, staged objects it could not delete. Default: one line on stderr. */
  onError?: (error: unknown, context: string) => void;
  fetch?: typeof fetch;
}

/** The transcoder: MediaConvert's role in the seed workflow (see docs/transcoder.md). */
export interface Transcoder {
  /**
   * Queues a job (status SUBMITTED; a SUBMITTED event is emitted). `template`
   * undefined or null means `defaultTemplate`; anything else is validated.
   * Throws INVALID_REQUEST for a bad template, destination, user metadata or
   * an input the input policy refuses.
   */
  submit(input: string, template: unknown, destination: string, options?: { userMetadata?: Record<string, string> }): Promise<TranscodeJob>;
  /**
   * `submit` for a watch-folder file: atomically with the job, remembers
   * `source` (bucket, key, size, mtime) in the store; undefined, and no job,
   * when that exact file was already submitted.
   */
  submitWatched(input: string, template: unknown, destination: string, source: Omit<WatchedSource, 'jobId'>, options?: { userMetadata?: Record<string, string> }): Promise<TranscodeJob | undefined>;
  /** The job, with live progress when it runs in this process. */
  get(jobId: string): Promise<TranscodeJob | undefined>;
  /** Newest first. */
  list(filter?: { status?: JobStatus; limit?: number }): Promise<TranscodeJob[]>;
  /**
   * Cancels a SUBMITTED or PROGRESSING job (CANCELED event); a run in this
   * process is killed at once, one in another process at its next heartbeat.
   * UNKNOWN_RESOURCE for no such job; INVALID_REQUEST when it already ended.
   */
  cancel(jobId: string): Promise<TranscodeJob>;
  /** Starts claiming and running jobs, including jobs a dead process left PROGRESSING once their lease expires. */
  start(): void;
  /** Stops claiming; running jobs are killed and handed back (still PROGRESSING, claimable at once). */
  stop(): Promise<void>;
}

/**
 * Builds a transcoder over a job store and an object store. Nothing runs
 * until `start()`; `submit` works before it (jobs wait in the store).
 */
export function createTranscoder(options: TranscoderOptions): Transcoder {
  const account = options.account ?? ARN_ACCOUNT;
  const region = options.region ?? ARN_REGION;
  const queueArn = `arn:aws:mediaconvert:${region}:${account}:queues/Default`;
  const inputPolicy: InputPolicy = { allowLocalFiles: options.inputPolicy?.allowLocalFiles ?? false, allowedHttpsHosts: options.inputPolicy?.allowedHttpsHosts ?? [] };
  const statusInterval = options.statusUpdateIntervalMs ?? 10_000;
  const onError = options.onError ?? ((error: unknown, context: string) => {
    console.error(JSON.stringify({ level: 'error', component: 'transcoder', context, message: (error as Error)?.message ?? String(error) }));
  });

  /** Per-job chain of emits, so one job's events leave in order even when `emit` is slow. */
  const chains = new Map<string, Promise<void>>();
  const lastUpdate = new Map<string, { atMs: number; percent: number }>();
  const emit = (job: TranscodeJob, status: JobEventStatus): Promise<void> => {
    const event = buildJobStateChangeEvent(job, status, { account, region, eventId: randomUUID(), nowMs: Date.now() });
    const next = (chains.get(job.id) ?? Promise.resolve()).then(async () => {
      try {
        await options.emit(event);
      } catch (e) {
        onError(e, `emit ${status} ${job.id}`);
      }
    });
    chains.set(job.id, next);
    void next.then(() => {
      if (chains.get(job.id) === next) chains.delete(job.id);
    });
    return next;
  };

  const queue = new TranscodeQueue({
    store: options.store,
    workerId: options.workerId ?? `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`,
    concurrency: options.concurrency ?? Math.max(1, Math.floor(availableParallelism() / 2)),
    leaseMs: options.leaseMs ?? 30_000,
    heartbeatMs: options.heartbeatMs,
    pollIntervalMs: options.pollIntervalMs ?? 1000,
    maxAttempts: options.maxAttempts ?? 3,
    execute: (job, context) =>
      runTranscodeJob(job, {
        objectStore: options.objectStore,
        inputPolicy,
        tempDir: options.tempDir,
        attempt: context.attempt,
        signal: context.signal,
        onProgress: context.reportProgress,
        beforePublish: context.assertOwned,
        onError,
        ffmpegPath: options.ffmpegPath,
        ffprobePath: options.ffprobePath,
        maxInputBytes: options.maxInputBytes,
        fetch: options.fetch,
      }),
    hooks: {
      onClaimed: async (job) => {
        lastUpdate.set(job.id, { atMs: Date.now(), percent: -1 });
        if (job.attempts === 1) await emit(job, 'PROGRESSING');
      },
      onProgress: (job, progress) => {
        const last = lastUpdate.get(job.id) ?? { atMs: 0, percent: -1 };
        const percent = Math.floor(progress.jobPercentComplete);
        const now = Date.now();
        if (percent <= last.percent || now - last.atMs < statusInterval) return;
        lastUpdate.set(job.id, { atMs: now, percent });
        void emit({ ...job, progress }, 'STATUS_UPDATE');
      },
      onCompleted: async (job) => {
        lastUpdate.delete(job.id);
        await emit(job, 'COMPLETE');
      },
      onFailed: async (job) => {
        lastUpdate.delete(job.id);
        await emit(job, 'ERROR');
      },
      onError,
    },
  });

  const newJob = (input: string, template: unknown, destination: string, userMetadata: unknown): TranscodeJob => {
    const validTemplate: TranscodeTemplate = template === undefined || template === null ? structuredClone(defaultTemplate) : validateTemplate(template);
    try {
      readInputLocation(input, inputPolicy);
    } catch (e) {
      if (e instanceof TranscodeError) throw new KinoraError('INVALID_REQUEST', e.message, { subject: 'input', cause: e });
      throw e;
    }
    planOutputLocation(destination, input);
    const nowMs = Date.now();
    const id = newJobId(nowMs);
    return {
      id,
      arn: `arn:aws:mediaconvert:${region}:${account}:jobs/${id}`,
      queue: queueArn,
      status: 'SUBMITTED',
      input,
      template: validTemplate,
      destination,
      userMetadata: readUserMetadata(userMetadata),
      createdAt: new Date(nowMs).toISOString(),
      attempts: 0,
    };
  };

  return {
    async submit(input, template, destination, submitOptions = {}) {
      const job = newJob(input, template, destination, submitOptions.userMetadata);
      await options.store.insert(job);
      await emit(job, 'SUBMITTED');
      queue.wake();
      return job;
    },

    async submitWatched(input, template, destination, source, submitOptions = {}) {
      const job = newJob(input, template, destination, submitOptions.userMetadata);
      if (!(await options.store.insertForSource(job, { ...source, jobId: job.id }))) return undefined;
      await emit(job, 'SUBMITTED');
      queue.wake();
      return job;
    },

    async get(jobId) {
      const job = await options.store.get(jobId);
      const live = queue.progressOf(jobId);
      if (job && live && job.status === 'PROGRESSING') job.progress = live;
      return job;
    },

    list: (filter) => options.store.list(filter),

    async cancel(jobId) {
      const result = await options.store.cancel(jobId);
      if (!result) throw new KinoraError('UNKNOWN_RESOURCE', `no transcode job ${jobId}`, { subject: jobId });
      if (!result.canceled) throw new KinoraError('INVALID_REQUEST', `job ${jobId} is ${result.job.status}; only SUBMITTED or PROGRESSING jobs can be canceled`, { subject: jobId });
      queue.abort(jobId, 'canceled');
      lastUpdate.delete(jobId);
      await emit(result.job, 'CANCELED');
      return result.job;
    },

    start: () => queue.start(),

    async stop() {
      await queue.stop();
      await Promise.all([...chains.values()]);
    },
  };
}

function readUserMetadata(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new KinoraError('INVALID_REQUEST', 'userMetadata must be an object of string values', { subject: 'userMetadata' });
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new KinoraError('INVALID_REQUEST', `userMetadata.${k} must be a string, found ${typeof v}`, { subject: `userMetadata.${k}` });
    out[k] = v;
  }
  if (Object.keys(out).length > 10) throw new KinoraError('INVALID_REQUEST', 'userMetadata holds at most 10 entries', { subject: 'userMetadata' });
  return out;
}
