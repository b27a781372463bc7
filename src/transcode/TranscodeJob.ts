import type { JobPhase, OutputGroupDetail } from './JobStateChangeEvent.ts';
import type { TranscodeErrorCode } from './TranscodeErrorCode.ts';
import type { TranscodeTemplate } from './TranscodeTemplate.ts';

/** MediaConvert job statuses (API Reference, `JobStatus`). */
export type JobStatus = 'SUBMITTED' | 'PROGRESSING' | 'COMPLETE' | 'ERROR' | 'CANCELED';

/** Where a running job is, as MediaConvert's `jobPercentComplete` / `currentPhase`. */
export interface JobProgress {
  currentPhase: JobPhase;
  /** 0..100 over the whole job (probe, transcode, upload). */
  jobPercentComplete: number;
  /** 0..100 within the current phase. */
  phasePercentComplete: number;
  /** Frames the transcoder has written so far (ffmpeg's `frame=`), when known. */
  framesDecoded?: number;
}

/** Why a job ended in ERROR. */
export interface JobError {
  code: TranscodeErrorCode;
  /** MediaConvert's numeric code for the same cause, the event's `errorCode`. */
  mediaConvertCode: number;
  message: string;
}

/**
 * One transcoding job, as persisted by a `JobStore`. A job is claimed by one
 * worker at a time under a lease; `attempts` counts claims (a job whose worker
 * died is claimed again once the lease expires, and restarts from scratch).
 */
export interface TranscodeJob {
  /** MediaConvert-style id: epoch milliseconds, `-`, six base-36 characters (`1536964333549-opn151`). */
  id: string;
  arn: string;
  /** Queue ARN, as in MediaConvert's `Queue`. */
  queue: string;
  status: JobStatus;
  /** `s3://bucket/key`, an absolute local path (CLI), or an allow-listed `https://` URL. */
  input: string;
  /** Validated template, copied into the job so later template edits do not change it. */
  template: TranscodeTemplate;
  /**
   * MediaConvert `Destination`: `s3://bucket/prefix/` (outputs named after the
   * input file) or `s3://bucket/prefix/name` (outputs named `name`).
   */
  destination: string;
  userMetadata: Record<string, string>;
  /** ISO 8601 instants. */
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** Number of times a worker claimed the job. */
  attempts: number;
  progress?: JobProgress;
  error?: JobError;
  /** Set when COMPLETE: the event's `outputGroupDetails`. */
  outputGroupDetails?: OutputGroupDetail[];
  /** The worker holding the job while PROGRESSING, and until when (epoch ms). */
  lease?: { workerId: string; expiresAt: number };
}

/** A file a watch folder started a job for, remembered so it is processed once. */
export interface WatchedSource {
  bucket: string;
  key: string;
  size: number;
  /** Last-modified time seen when the job was started, epoch ms. */
  lastModifiedMs: number;
  jobId: string;
}
