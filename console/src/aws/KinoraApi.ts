import { ApiError } from './ApiError.ts';
import { Sha256 } from './Sha256.ts';
import { escapeUri, signRequest } from './signRequest.ts';
import { sendSigned } from './sendSigned.ts';
import type { ConsoleKey } from './credentialStore.ts';
import type { DeadLetterRecord, DeliveryRecord } from '../../../src/events/store/records.ts';
import type { EventLogDeliveryView, EventLogView } from '../../../src/control/kinoraApi/toEventLogView.ts';
import type { SourceSegmentSummary, SourceSummary as IndexSummary, SourceTrackSummary } from '../../../src/control/kinoraApi/describeSourceIndex.ts';

export interface Bucket {
  name: string;
  createdAt?: string;
}

export interface BucketObject {
  key: string;
  size: number;
  lastModified?: string;
}

export interface ObjectListing {
  bucket: string;
  prefix: string;
  folders: { prefix: string }[];
  objects: BucketObject[];
  isTruncated: boolean;
  nextStartAfter?: string;
}

export interface Uploaded {
  bucket: string;
  key: string;
  uri: string;
  size: number;
  sha256: string;
}

/** `GET /kinora/v1/assets/{id}/source`: the server's index summary plus the asset's id, source and status. */
export type SourceSegment = SourceSegmentSummary;
export type SourceTrack = SourceTrackSummary;
export type SourceSummary = IndexSummary & { assetId: string; sourceArn: string; status: string };

export type JobStatus = 'SUBMITTED' | 'PROGRESSING' | 'COMPLETE' | 'ERROR' | 'CANCELED';
export const JOB_STATUSES: readonly JobStatus[] = ['SUBMITTED', 'PROGRESSING', 'COMPLETE', 'ERROR', 'CANCELED'];

export interface TranscodeJob {
  id: string;
  arn: string;
  status: JobStatus;
  input: string;
  destination: string;
  template: { name?: string };
  userMetadata: Record<string, string>;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  attempts: number;
  progress?: { currentPhase: string; jobPercentComplete: number; phasePercentComplete: number; framesDecoded?: number };
  error?: { code: string; mediaConvertCode: number; message: string };
  outputGroupDetails?: { type: string; playlistFilePaths: string[]; outputDetails: { outputFilePaths: string[]; durationInMs: number; videoDetails?: { widthInPx: number; heightInPx: number } }[] }[];
}

/** Deliveries and dead letters as the server stores and returns them (`GET /kinora/v1/events/...`). */
export type DeliveryStatus = DeliveryRecord['status'];
export type Delivery = DeliveryRecord;
export type DeadLetter = DeadLetterRecord;

/** An event of the event log (`GET /kinora/v1/events`), with its deliveries' outcomes. */
export type LoggedEvent = EventLogView;
export type LoggedDelivery = EventLogDeliveryView;
/** A page of the event log; `nextToken` fetches the older events. */
export interface EventLogPage {
  events: LoggedEvent[];
  nextToken?: string;
}

/** Where an upload is: hashing the file (to sign it), then sending it. */
export type UploadPhase = 'hashing' | 'uploading';

/** Slices hashed at a time: bounded memory whatever the file's size. */
const HASH_SLICE = 4 * 1024 * 1024;

/** A key's path segments percent-encoded, its `/` kept. */
function keyPath(key: string): string {
  return key.split('/').map(escapeUri).join('/');
}

/**
 * Kinora's own API (`/kinora/v1`, docs/kinora-api.md), signed for service
 * `kinora`: bucket listings and uploads, an asset's ingested source,
 * transcode jobs, the event log, event deliveries. Errors are `ApiError`s with the
 * server's `{code, message}`.
 */
export class KinoraApi {
  private readonly base: string;
  private readonly key: () => ConsoleKey;

  constructor(base: string, key: () => ConsoleKey) {
    this.base = base.replace(/\/+$/, '');
    this.key = key;
  }

  private call(operation: string, method: string, path: string, query: Record<string, string | undefined> = {}, body?: unknown): Promise<any> {
    const q = Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]) => `${escapeUri(k)}=${escapeUri(v!)}`).join('&');
    const text = body === undefined ? undefined : JSON.stringify(body);
    return sendSigned({
      operation,
      method,
      url: `${this.base}/kinora/v1${path}${q ? `?${q}` : ''}`,
      headers: text === undefined ? {} : { 'content-type': 'application/json' },
      body: text,
      service: 'kinora',
      key: this.key(),
    });
  }

  listBuckets(): Promise<{ buckets: Bucket[]; uploadLimitBytes: number }> {
    return this.call('Listing buckets', 'GET', '/buckets');
  }

  listObjects(bucket: string, options: { prefix?: string; startAfter?: string; maxKeys?: number } = {}): Promise<ObjectListing> {
    return this.call(`Listing s3://${bucket}/${options.prefix ?? ''}`, 'GET', `/buckets/${escapeUri(bucket)}/objects`, {
      prefix: options.prefix || undefined,
      delimiter: '/',
      startAfter: options.startAfter,
      maxKeys: options.maxKeys === undefined ? undefined : String(options.maxKeys),
    });
  }

  /**
   * Uploads `file` as `s3://bucket/key`: hashes it slice by slice (the
   * signature covers its SHA-256), then sends it with progress. `signal` stops either phase.
   */
  async upload(bucket: string, key: string, file: Blob, onProgress: (phase: UploadPhase, done: number, total: number) => void, signal?: AbortSignal): Promise<Uploaded> {
    const operation = `Uploading s3://${bucket}/${key}`;
    const hash = new Sha256();
    onProgress('hashing', 0, file.size);
    for (let at = 0; at < file.size; at += HASH_SLICE) {
      if (signal?.aborted) throw new ApiError(operation, 0, 'Aborted', 'the upload was stopped');
      hash.update(new Uint8Array(await file.slice(at, at + HASH_SLICE).arrayBuffer()));
      onProgress('hashing', Math.min(file.size, at + HASH_SLICE), file.size);
    }
    const url = `${this.base}/kinora/v1/buckets/${escapeUri(bucket)}/objects/${keyPath(key)}`;
    const k = this.key();
    const headers = await signRequest({ method: 'PUT', url, headers: { 'content-type': 'application/octet-stream' }, payloadHash: hash.hex(), service: 'kinora', region: k.region, credentials: k });
    return new Promise<Uploaded>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('PUT', url);
      for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
      xhr.upload.onprogress = (e) => onProgress('uploading', e.loaded, e.lengthComputable ? e.total : file.size);
      xhr.onload = () => {
        let json: any;
        try {
          json = JSON.parse(xhr.responseText);
        } catch {
          json = undefined;
        }
        if (xhr.status === 200 && json) resolve(json as Uploaded);
        else reject(new ApiError(operation, xhr.status, json?.code ?? `HTTP ${xhr.status}`, json?.message ?? (xhr.statusText || `HTTP ${xhr.status}`)));
      };
      xhr.onerror = () => reject(new ApiError(operation, 0, 'NetworkError', 'the connection failed during the upload'));
      xhr.onabort = () => reject(new ApiError(operation, 0, 'Aborted', 'the upload was stopped'));
      signal?.addEventListener('abort', () => xhr.abort(), { once: true });
      xhr.send(file);
    });
  }

  describeSource(assetId: string): Promise<SourceSummary> {
    return this.call(`Reading the source of asset ${assetId}`, 'GET', `/assets/${escapeUri(assetId)}/source`);
  }

  async createJob(body: { input: string; destination: string; template?: unknown }): Promise<TranscodeJob> {
    return (await this.call('Starting the transcode job', 'POST', '/transcode/jobs', {}, body)).job;
  }
  async listJobs(status?: JobStatus): Promise<TranscodeJob[]> {
    return (await this.call('Listing transcode jobs', 'GET', '/transcode/jobs', { status, limit: '100' })).jobs;
  }
  async cancelJob(id: string): Promise<TranscodeJob> {
    return (await this.call(`Canceling job ${id}`, 'POST', `/transcode/jobs/${escapeUri(id)}/cancel`)).job;
  }

  listEvents(options: { source?: string; detailType?: string; limit?: number; nextToken?: string } = {}): Promise<EventLogPage> {
    return this.call('Listing the event log', 'GET', '/events', { source: options.source, detailType: options.detailType, limit: options.limit === undefined ? undefined : String(options.limit), nextToken: options.nextToken });
  }
  async listDeliveries(options: { rule?: string; status?: DeliveryStatus; limit?: number } = {}): Promise<Delivery[]> {
    return (await this.call('Listing event deliveries', 'GET', '/events/deliveries', { rule: options.rule, status: options.status, limit: String(options.limit ?? 50) })).deliveries;
  }
  async listDeadLetters(): Promise<DeadLetter[]> {
    return (await this.call('Listing dead letters', 'GET', '/events/dead-letters', { limit: '100' })).deadLetters;
  }
  /** Delivers a dead letter again; the delivery is final, or still PENDING when the server stopped waiting. */
  async replayDeadLetter(id: string): Promise<Delivery | undefined> {
    return (await this.call(`Replaying dead letter ${id}`, 'POST', `/events/dead-letters/${escapeUri(id)}/replay`)).delivery;
  }
}
