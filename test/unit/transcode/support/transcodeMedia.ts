/**
 * Shared by the transcoder's integration tests (test/integration/transcode*.test.ts):
 * cached ffmpeg inputs, an ObjectStore that records writes, and ffprobe helpers.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateMedia } from '../../../support/generateMedia.ts';
import type { ObjectStore } from '../../../../src/storage/ObjectStore.ts';
import type { JobStateChangeEvent } from '../../../../src/transcode/JobStateChangeEvent.ts';

/** 6 s, 1280x720 at 15 fps (the default ladder's top rung without upscaling, cheap to encode) with a 440 Hz tone. */
export function clip720(): Uint8Array {
  const dir = generateMedia([
    '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=15:duration=6',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=6',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '96k', '-shortest', 'clip720.mp4',
  ]);
  return readFileSync(join(dir, 'clip720.mp4'));
}

/** 4 s, 320x180 at 25 fps with audio: one small rendition, fast. */
export function clip180(): Uint8Array {
  const dir = generateMedia([
    '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=4',
    '-f', 'lavfi', '-i', 'sine=frequency=660:sample_rate=48000:duration=4',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', 'clip180.mp4',
  ]);
  return readFileSync(join(dir, 'clip180.mp4'));
}

/** 3 s, 320x180 video only, in Matroska with 4:4:4 chroma (the transcoder must convert to 4:2:0). */
export function silentMkv(): Uint8Array {
  const dir = generateMedia(['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=30:duration=3', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv444p', 'silent.mkv']);
  return readFileSync(join(dir, 'silent.mkv'));
}

/** 3 s of AAC audio in MP4, no video. */
export function audioOnly(): Uint8Array {
  const dir = generateMedia(['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=3', '-c:a', 'aac', 'tone.m4a']);
  return readFileSync(join(dir, 'tone.m4a'));
}

/** Deterministic bytes that are no media format at all. */
export function noise(size = 64 * 1024): Uint8Array {
  const out = new Uint8Array(size);
  let x = 0x12345678;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Presentation times (s) of the key frames of the first video stream of a local media file. */
export function keyframeTimes(path: string): number[] {
  const json = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,flags', '-of', 'json', path]).toString());
  return (json.packets as { pts_time: string; flags: string }[]).filter((p) => p.flags.includes('K')).map((p) => Number(p.pts_time));
}

/**
 * An ObjectStore that records every put (bucket, key) and every delete or
 * prefix delete, in order, before delegating. `onPut` / `onDelete` run
 * first when set: throwing from them fails that call (fault injection).
 */
export class RecordingObjectStore implements ObjectStore {
  readonly puts: { bucket: string; key: string }[] = [];
  readonly deletes: { bucket: string; key?: string; prefix?: string }[] = [];
  onPut?: (bucket: string, key: string) => void | Promise<void>;
  onDelete?: (bucket: string, keyOrPrefix: string) => void | Promise<void>;
  private readonly inner: ObjectStore;
  constructor(inner: ObjectStore) {
    this.inner = inner;
  }
  get(bucket: string, key: string, options?: { maxBytes?: number; signal?: AbortSignal }) {
    return this.inner.get(bucket, key, options);
  }
  getRange(bucket: string, key: string, start: number, endExclusive: number, options?: { signal?: AbortSignal }) {
    return this.inner.getRange(bucket, key, start, endExclusive, options);
  }
  head(bucket: string, key: string) {
    return this.inner.head(bucket, key);
  }
  async put(bucket: string, key: string, body: Uint8Array) {
    this.puts.push({ bucket, key });
    await this.onPut?.(bucket, key);
    await this.inner.put(bucket, key, body);
  }
  async putFile(bucket: string, key: string, path: string) {
    this.puts.push({ bucket, key });
    await this.onPut?.(bucket, key);
    await this.inner.putFile(bucket, key, path);
  }
  list(bucket: string, prefix: string) {
    return this.inner.list(bucket, prefix);
  }
  async delete(bucket: string, key: string) {
    this.deletes.push({ bucket, key });
    await this.onDelete?.(bucket, key);
    await this.inner.delete(bucket, key);
  }
  async deletePrefix(bucket: string, prefix: string) {
    this.deletes.push({ bucket, prefix });
    await this.onDelete?.(bucket, prefix);
    return this.inner.deletePrefix(bucket, prefix);
  }
  listBuckets() {
    return this.inner.listBuckets();
  }
}

/** Collects events and resolves waits on them. */
export class EventLog {
  readonly events: JobStateChangeEvent[] = [];
  private waiters: { test: (e: JobStateChangeEvent) => boolean; resolve: (e: JobStateChangeEvent) => void }[] = [];

  readonly emit = (event: JobStateChangeEvent): void => {
    this.events.push(event);
    this.waiters = this.waiters.filter((w) => {
      if (!w.test(event)) return true;
      w.resolve(event);
      return false;
    });
  };

  of(jobId: string): JobStateChangeEvent[] {
    return this.events.filter((e) => e.detail.jobId === jobId);
  }

  /** The first event (past or future) matching `test`; rejects after a generous limit. */
  wait(test: (e: JobStateChangeEvent) => boolean, what: string, limitMs = 120_000): Promise<JobStateChangeEvent> {
    const seen = this.events.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no event: ${what}`)), limitMs);
      this.waiters.push({ test, resolve: (e) => { clearTimeout(timer); resolve(e); } });
    });
  }

  /** The job's terminal event. */
  end(jobId: string): Promise<JobStateChangeEvent> {
    return this.wait((e) => e.detail.jobId === jobId && ['COMPLETE', 'ERROR', 'CANCELED'].includes(e.detail.status), `end of ${jobId}`);
  }
}
