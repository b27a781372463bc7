/** Job statuses carried by MediaConvert "Job State Change" events that Kinora emits. */
export type JobEventStatus = 'SUBMITTED' | 'PROGRESSING' | 'STATUS_UPDATE' | 'COMPLETE' | 'ERROR' | 'CANCELED';

/** Phases of a running job (MediaConvert User Guide, "Job phases"). */
export type JobPhase = 'PROBING' | 'TRANSCODING' | 'UPLOADING';

/** `detail.jobProgress` of a STATUS_UPDATE event. */
export interface JobProgressDetail {
  phaseProgress: Record<JobPhase, { status: 'PENDING' | 'PROGRESSING' | 'COMPLETE'; percentComplete: number }>;
  jobPercentComplete: number;
  currentPhase: JobPhase;
  retryCount: number;
}

/** One output of an output group in a COMPLETE event. Audio-only outputs have no `videoDetails`. */
export interface OutputDetail {
  outputFilePaths: string[];
  durationInMs: number;
  videoDetails?: { widthInPx: number; heightInPx: number };
}

/**
 * `detail.outputGroupDetails[]` of a COMPLETE event. For `HLS_GROUP`,
 * `playlistFilePaths` is the multivariant playlist and each output's
 * `outputFilePaths` its media playlist (MediaConvert User Guide, "Output file names and paths").
 */
export interface OutputGroupDetail {
  type: 'HLS_GROUP';
  playlistFilePaths: string[];
  outputDetails: OutputDetail[];
}

/**
 * An Amazon EventBridge event exactly as AWS Elemental MediaConvert sends it
 * for a job status change (MediaConvert User Guide, "Using EventBridge with
 * MediaConvert": ev_status_*), so rules and consumers written for MediaConvert
 * (e.g. the MediaPackage VOD `ingest_asset` Lambda) work unchanged.
 */
export interface JobStateChangeEvent {
  version: '0';
  /** A fresh UUID per event. */
  id: string;
  'detail-type': 'MediaConvert Job State Change';
  source: 'aws.mediaconvert';
  account: string;
  /** ISO 8601 to the second, `2018-09-14T21:54:31Z`. */
  time: string;
  region: string;
  /** The job ARN, `arn:aws:mediaconvert:<region>:<account>:jobs/<jobId>`. */
  resources: string[];
  detail: {
    status: JobEventStatus;
    jobId: string;
    /** Queue ARN, `arn:aws:mediaconvert:<region>:<account>:queues/Default`. */
    queue: string;
    userMetadata: Record<string, string>;
    /** Epoch milliseconds. */
    timestamp: number;
    accountId: string;
    /** STATUS_UPDATE only. */
    framesDecoded?: number;
    /** STATUS_UPDATE only. */
    jobProgress?: JobProgressDetail;
    /** ERROR only: MediaConvert's numeric code (see `TranscodeErrorCode`). */
    errorCode?: number;
    /** ERROR only. */
    errorMessage?: string;
    /** COMPLETE only. */
    outputGroupDetails?: OutputGroupDetail[];
  };
}
