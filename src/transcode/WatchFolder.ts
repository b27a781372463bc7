import { KinoraError } from '../errors/KinoraError.ts';
import type { ObjectStore } from '../storage/ObjectStore.ts';
import type { JobStore } from './JobStore.ts';
import type { Transcoder } from './createTranscoder.ts';
import { STAGING_PREFIX } from './runTranscodeJob.ts';
import type { TranscodeJob } from './TranscodeJob.ts';

export interface WatchFolderOptions {
  transcoder: Pick<Transcoder, 'submitWatched'>;
  /** The job store the transcoder uses: where processed files are remembered. */
  store: Pick<JobStore, 'getSource'>;
  objectStore: ObjectStore;
  bucket: string;
  /** Watched key prefix, e.g. `inputs/` (empty: the whole bucket). */
  prefix: string;
  /**
   * Destination of the job for a key; default
   * `s3://<bucket>/assets/<file name without extension>/HLS/`, the layout of
   * the MediaConvert workshop (`assets/VANLIFE/HLS/VANLIFE.m3u8`).
   */
  destination?: (key: string) => string;
  /** Template for every job; default `defaultTemplate`. */
  template?: unknown;
  /** How long a file's size and last-modified time must stay unchanged before it is picked up; default 10 s. */
  stableMs?: number;
  /** Default 2 s. */
  pollIntervalMs?: number;
  /**
   * Keys never picked up; default: names starting with `.` (hidden and
   * staging files), FolderObjectStore's in-flight `*.part-<pid>` files and
   * common partial-download suffixes (`.part`, `.tmp`, `.crdownload`).
   */
  ignore?: (key: string) => boolean;
  /** Clock, for tests. */
  now?: () => number;
  onJob?: (job: TranscodeJob, key: string) => void;
  onError?: (error: unknown, key?: string) => void;
}

/** What the watcher saw of a file at the last polls. */
interface Observation {
  size: number;
  lastModifiedMs: number;
  /** When this exact size and mtime were first seen. */
  sinceMs: number;
}

/**
 * MediaConvert's "watch folder" (the workshop's S3-event Lambda), as a poller:
 * lists a bucket prefix through the ObjectStore port and starts one job with
 * the default template per new file. A file is picked up only once its size
 * and last-modified time have been seen unchanged for `stableMs`, so a file
 * still being written (copied, uploaded in place) is never transcoded half
 * done. Each file is processed once: its bucket, key, size and mtime are
 * recorded in the job store together with its job (atomically, so two
 * watchers never both start it); a file later replaced by different content
 * (other size or mtime) is a new file and is processed again.
 */
export class WatchFolder {
  private readonly options: WatchFolderOptions;
  private readonly seen = new Map<string, Observation>();
  /** Keys whose current version is already processed: key -> "size/mtime". */
  private readonly done = new Map<string, string>();
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;

  constructor(options: WatchFolderOptions) {
    if (options.prefix !== '' && !options.prefix.endsWith('/')) {
      throw new KinoraError('INVALID_REQUEST', `watch prefix "${options.prefix}" must be empty or end with "/"`, { subject: 'prefix' });
    }
    this.options = options;
    const sample = this.destinationOf(`${options.prefix}example.mp4`);
    const m = /^s3:\/\/([^/]+)\/(.*)$/.exec(sample);
    if (m && m[1] === options.bucket && m[2].startsWith(options.prefix)) {
      throw new KinoraError('INVALID_REQUEST', `destination ${sample} is inside the watched prefix s3://${options.bucket}/${options.prefix}: every output would start another job`, { subject: 'destination' });
    }
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), this.options.pollIntervalMs ?? 2000);
    void this.poll();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.polling;
  }

  /** One scan of the prefix; returns the jobs it started. Scans never overlap. */
  poll(): Promise<TranscodeJob[]> {
    if (this.polling) return this.polling.then(() => []);
    const run = this.scan().finally(() => {
      this.polling = undefined;
    });
    this.polling = run.then(() => undefined, () => undefined);
    return run;
  }

  private async scan(): Promise<TranscodeJob[]> {
    const { objectStore, bucket, prefix } = this.options;
    const now = (this.options.now ?? Date.now)();
    const stableMs = this.options.stableMs ?? 10_000;
    const started: TranscodeJob[] = [];
    let listing: { key: string; size: number }[];
    try {
      listing = await objectStore.list(bucket, prefix);
    } catch (e) {
      this.options.onError?.(e);
      return started;
    }
    const present = new Set<string>();
    for (const { key } of listing) {
      if (key.endsWith('/') || this.ignored(key)) continue;
      present.add(key);
      let head: { size: number; lastModified: Date };
      try {
        head = await objectStore.head(bucket, key);
      } catch (e) {
        // Gone between list and head (renamed into place, deleted): look again next time.
        if (!(e instanceof KinoraError && e.code === 'SOURCE_NOT_FOUND')) this.options.onError?.(e, key);
        this.seen.delete(key);
        continue;
      }
      const fingerprint = `${head.size}/${head.lastModified.getTime()}`;
      if (this.done.get(key) === fingerprint) continue;
      const known = await this.options.store.getSource(bucket, key).catch((e) => {
        this.options.onError?.(e, key);
        return null;
      });
      if (known === null) continue;
      if (known && `${known.size}/${known.lastModifiedMs}` === fingerprint) {
        this.done.set(key, fingerprint);
        this.seen.delete(key);
        continue;
      }
      const previous = this.seen.get(key);
      if (!previous || previous.size !== head.size || previous.lastModifiedMs !== head.lastModified.getTime()) {
        this.seen.set(key, { size: head.size, lastModifiedMs: head.lastModified.getTime(), sinceMs: now });
        continue;
      }
      if (now - previous.sinceMs < stableMs) continue;
      try {
        const job = await this.options.transcoder.submitWatched(`s3://${bucket}/${key}`, this.options.template, this.destinationOf(key), {
          bucket, key, size: head.size, lastModifiedMs: head.lastModified.getTime(),
        });
        this.done.set(key, fingerprint);
        this.seen.delete(key);
        if (job) {
          started.push(job);
          this.options.onJob?.(job, key);
        }
      } catch (e) {
        this.options.onError?.(e, key);
      }
    }
    for (const key of this.seen.keys()) if (!present.has(key)) this.seen.delete(key);
    for (const key of this.done.keys()) if (!present.has(key)) this.done.delete(key);
    return started;
  }

  private destinationOf(key: string): string {
    if (this.options.destination) return this.options.destination(key);
    const file = key.split('/').pop() ?? key;
    const stem = (file.includes('.') ? file.slice(0, file.lastIndexOf('.')) : file).replace(/[^A-Za-z0-9._-]/g, '_') || 'output';
    return `s3://${this.options.bucket}/assets/${stem}/HLS/`;
  }

  private ignored(key: string): boolean {
    if (this.options.ignore) return this.options.ignore(key);
    const name = key.split('/').pop() ?? '';
    return key.startsWith(STAGING_PREFIX) || name.startsWith('.') || /\.part-\d+$/.test(name) || /\.(part|tmp|crdownload)$/i.test(name);
  }
}
