import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { KinoraError } from '../errors/KinoraError.ts';
import { MediaError } from '../media/errors/MediaError.ts';
import { readMediaPlaylist } from '../media/hls/readMediaPlaylist.ts';
import type { MediaPlaylist } from '../media/hls/MediaPlaylist.ts';
import type { Track } from '../media/model/Track.ts';
import { TsTrackIndexer } from '../ingest/TsTrackIndexer.ts';
import type { ObjectStore } from '../storage/ObjectStore.ts';
import { computePeakSegmentBitrate } from './computePeakSegmentBitrate.ts';
import type { OutputDetail, OutputGroupDetail } from './JobStateChangeEvent.ts';
import type { OutputLocation } from './OutputLocation.ts';
import type { PlannedRendition } from './PlannedRendition.ts';
import { TranscodeError } from './TranscodeError.ts';
import type { AudioSettings } from './TranscodeTemplate.ts';
import { writeOutputMultivariant, type MeasuredRendition } from './writeOutputMultivariant.ts';

interface Output {
  kind: 'video' | 'audio';
  playlistFile: string;
  muxedAudio: boolean;
  playlist: MediaPlaylist;
  playlistBytes: Uint8Array;
  segmentBytes: number[];
}

/**
 * Moves a finished ffmpeg output folder into the destination bucket so that
 * a half-written output never looks complete:
 *
 * 1. Stage: every segment, then every media playlist, is `put` under
 *    `stagingPrefix` (outside the final prefix). While each segment passes
 *    through, the ingest's `TsTrackIndexer` reads it: an output Kinora could
 *    not ingest fails the job here, and the measured tracks give the
 *    multivariant playlist its codecs, sizes and RFC 8216 bit rates.
 * 2. `beforePublish` runs (the caller checks it still owns the job).
 * 3. Publish: each staged object is copied to the final prefix, segments
 *    first, then media playlists, and the multivariant playlist LAST.
 *
 * Staged objects are not deleted here: `runTranscodeJob` deletes the whole
 * staging prefix however the attempt ends (published, failed or canceled).
 *
 * The guarantee: the multivariant playlist exists under the final prefix only
 * once every file it references (transitively) is there in full (each `put`
 * is atomic: FolderObjectStore renames a temporary file; S3 PUTs are atomic
 * and strongly consistent), so a reader that starts from the multivariant
 * playlist or from the COMPLETE event never sees a partial output. The
 * limit: a plain object store has no multi-object transaction, so someone
 * *listing* the final prefix during step 3 sees media files appear before the
 * multivariant playlist, and a job re-run onto an existing output replaces it
 * file by file.
 */
export async function publishOutput(options: {
  objectStore: ObjectStore;
  location: OutputLocation;
  stagingPrefix: string;
  outputDir: string;
  renditions: PlannedRendition[];
  /** Audio settings in effect: null when the template or the input has no audio. */
  audio: AudioSettings | null;
  signal?: AbortSignal;
  beforePublish?: () => Promise<void>;
  /** 0..1 over staging and publishing. */
  onProgress?: (fraction: number) => void;
}): Promise<OutputGroupDetail> {
  const { objectStore: store, location, stagingPrefix, outputDir, signal } = options;
  const { bucket } = location;
  const base = location.baseName;
  const muxed = options.audio?.grouping === 'muxed';
  const declared: { kind: 'video' | 'audio'; playlistFile: string }[] = options.renditions.map((r) => ({ kind: 'video', playlistFile: `${base}${r.nameModifier}.m3u8` }));
  if (options.audio && options.audio.grouping === 'separate') declared.push({ kind: 'audio', playlistFile: `${base}${options.audio.nameModifier}.m3u8` });

  const outputs: Output[] = [];
  let totalBytes = 0;
  for (const d of declared) {
    const playlistBytes = await readOutputFile(outputDir, d.playlistFile);
    let playlist: MediaPlaylist;
    try {
      playlist = readMediaPlaylist(new TextDecoder().decode(playlistBytes));
    } catch (e) {
      throw invalidOutput(d.playlistFile, e);
    }
    if (playlist.segments.length === 0) throw invalidOutput(d.playlistFile, new Error('it lists no segments'));
    const segmentBytes: number[] = [];
    for (const s of playlist.segments) {
      if (!/^[A-Za-z0-9._-]+$/.test(s.uri)) throw invalidOutput(d.playlistFile, new Error(`unexpected segment URI ${s.uri}`));
      segmentBytes.push(await sizeOf(outputDir, s.uri));
    }
    const size = segmentBytes.reduce((a, b) => a + b, 0) + playlistBytes.byteLength;
    totalBytes += size;
    outputs.push({ kind: d.kind, playlistFile: d.playlistFile, muxedAudio: d.kind === 'video' && muxed, playlist, playlistBytes, segmentBytes });
  }
  // Each byte is moved twice: staged, then published.
  let moved = 0;
  const advance = (bytes: number) => {
    moved += bytes;
    options.onProgress?.(Math.min(1, moved / (2 * totalBytes + 1)));
  };

  const put = async (key: string, bytes: Uint8Array) => {
    signal?.throwIfAborted();
    try {
      await store.put(bucket, key, bytes);
    } catch (e) {
      throw new TranscodeError('OUTPUT_WRITE_FAILED', `cannot write s3://${bucket}/${key}: ${(e as Error)?.message ?? e}`, { subject: `s3://${bucket}/${key}`, cause: e });
    }
  };

  // 1. Stage, reading every segment through the ingest's indexer.
  const measured: MeasuredRendition[] = [];
  const details: OutputDetail[] = [];
  for (const o of outputs) {
    const indexer = new TsTrackIndexer(o.kind, o.muxedAudio);
    for (const [i, s] of o.playlist.segments.entries()) {
      const bytes = await readOutputFile(outputDir, s.uri);
      try {
        indexer.addSegment({ bytes, file: i, baseOffset: 0, durationSeconds: s.durationSeconds, discontinuity: false });
      } catch (e) {
        throw invalidOutput(s.uri, e);
      }
      await put(`${stagingPrefix}${s.uri}`, bytes);
      advance(bytes.byteLength);
    }
    await put(`${stagingPrefix}${o.playlistFile}`, o.playlistBytes);
    advance(o.playlistBytes.byteLength);

    let tracks: Track[];
    try {
      tracks = indexer.finish(o.playlistFile).map((t) => t.track);
    } catch (e) {
      throw invalidOutput(o.playlistFile, e);
    }
    const own = tracks.find((t) => t.kind === o.kind);
    if (!own) throw invalidOutput(o.playlistFile, new Error(`no ${o.kind} track in its segments`));
    const seconds = o.playlist.segments.reduce((sum, s) => sum + s.durationSeconds, 0);
    const bytes = o.segmentBytes.reduce((a, b) => a + b, 0);
    // Whole-segment rates (TS overhead and any muxed audio included), as BANDWIDTH is defined (RFC 8216 4.3.4.2).
    const track: Track = {
      ...own,
      peakBitsPerSecond: computePeakSegmentBitrate(o.segmentBytes.map((b, i) => ({ bytes: b, seconds: o.playlist.segments[i].durationSeconds })), o.playlist.targetDuration),
      averageBitsPerSecond: seconds > 0 ? Math.ceil((bytes * 8) / seconds) : 0,
    };
    const muxedAudio = tracks.find((t) => t.kind === 'audio' && o.kind === 'video');
    measured.push({ kind: o.kind, playlistFile: o.playlistFile, track, muxedAudio: muxedAudio ? { ...muxedAudio, peakBitsPerSecond: 0, averageBitsPerSecond: 0 } : undefined });
    const detail: OutputDetail = { outputFilePaths: [`s3://${bucket}/${location.prefix}${o.playlistFile}`], durationInMs: Math.round(seconds * 1000) };
    if (o.kind === 'video') detail.videoDetails = { widthInPx: own.width ?? 0, heightInPx: own.height ?? 0 };
    details.push(detail);
  }
  const multivariantFile = `${base}.m3u8`;
  const multivariant = new TextEncoder().encode(writeOutputMultivariant(measured, options.audio));
  await put(`${stagingPrefix}${multivariantFile}`, multivariant);

  // 2. Last chance to find out the job was canceled or taken over.
  await options.beforePublish?.();

  // 3. Publish: segments, media playlists, then the multivariant playlist.
  const copy = async (file: string) => {
    signal?.throwIfAborted();
    let bytes: Uint8Array;
    try {
      bytes = await store.get(bucket, `${stagingPrefix}${file}`);
    } catch (e) {
      throw new TranscodeError('OUTPUT_WRITE_FAILED', `staged output s3://${bucket}/${stagingPrefix}${file} cannot be read back: ${(e as Error)?.message ?? e}`, { subject: `s3://${bucket}/${stagingPrefix}${file}`, cause: e });
    }
    await put(`${location.prefix}${file}`, bytes);
    advance(bytes.byteLength);
  };
  for (const o of outputs) for (const s of o.playlist.segments) await copy(s.uri);
  for (const o of outputs) await copy(o.playlistFile);
  await copy(multivariantFile);

  return { type: 'HLS_GROUP', playlistFilePaths: [`s3://${bucket}/${location.prefix}${multivariantFile}`], outputDetails: details };
}

async function readOutputFile(dir: string, name: string): Promise<Uint8Array> {
  try {
    return await readFile(join(dir, name));
  } catch (e: any) {
    throw new TranscodeError('TRANSCODE_FAILED', `ffmpeg did not write ${name} (${e.code ?? e.message})`, { subject: name, cause: e });
  }
}

async function sizeOf(dir: string, name: string): Promise<number> {
  try {
    return (await stat(join(dir, name))).size;
  } catch (e: any) {
    throw new TranscodeError('TRANSCODE_FAILED', `ffmpeg did not write ${name} (${e.code ?? e.message})`, { subject: name, cause: e });
  }
}

function invalidOutput(name: string, e: unknown): TranscodeError {
  const code = e instanceof MediaError || e instanceof KinoraError ? `${e.code}: ` : '';
  return new TranscodeError('TRANSCODE_FAILED', `ffmpeg's output ${name} is not valid HLS: ${code}${(e as Error)?.message ?? e}`, { subject: name, cause: e });
}
