import { KinoraError } from '../errors/KinoraError.ts';
import { MediaError } from '../media/errors/MediaError.ts';
import { readMultivariantPlaylist } from '../media/hls/readMultivariantPlaylist.ts';
import { readMediaPlaylist } from '../media/hls/readMediaPlaylist.ts';
import { probePlaylistKind } from '../media/hls/probePlaylistKind.ts';
import type { MediaPlaylist } from '../media/hls/MediaPlaylist.ts';
import type { SourceIndex, IndexedTrack, RenditionInfo, SourceAdMarker, SourceBreak } from '../media/index/SourceIndex.ts';
import { isHlsAdMarker } from '../media/hls/isHlsAdMarker.ts';
import type { SourceReader } from '../storage/SourceReader.ts';
import { resolveSourceUri, sourceRootOf } from '../storage/SourceReader.ts';
import { TsTrackIndexer } from './TsTrackIndexer.ts';
import { Fmp4TrackIndexer } from './Fmp4TrackIndexer.ts';
import { WebVttTrackIndexer } from './WebVttTrackIndexer.ts';
import { normaliseTimelines } from './normaliseTimelines.ts';

export interface IngestLimits {
  /** A playlist larger than this is refused before it is read (a 100 MB playlist is an attack or a mistake). */
  maxPlaylistBytes: number;
  /** Same for a single source segment. */
  maxSegmentBytes: number;
}

export const defaultIngestLimits: IngestLimits = { maxPlaylistBytes: 16 << 20, maxSegmentBytes: 512 << 20 };

/** One playlist to read and what to take from it. */
interface RenditionJob {
  playlistUri: string;
  role: 'video' | 'audio' | 'text';
  /** Also take the audio muxed into this playlist's segments. */
  muxedAudio: boolean;
  rendition: RenditionInfo;
  language?: string;
  name?: string;
  channels?: number;
}

/**
 * Ingest: reads an HLS source (multivariant or single media playlist, TS or
 * fMP4 segments) once, segment by segment, and records every sample's times,
 * size, sync flag and source byte range. Memory is one source segment plus
 * the growing index. Any problem fails the whole ingest with an error naming
 * the playlist or segment; nothing partial is returned.
 *
 * Every reference is confined to the source's root (`resolveSourceUri`: its
 * bucket, its folder, or its origin and path prefix for web sources), and
 * every read carries the asset's role (`access.role`, its `sourceRoleArn`), so the source read policy
 * (`SourcePolicy`) is checked on each playlist, init and media segment read,
 * not only on the first playlist: one segment outside the role's patterns
 * fails the ingest with Access Denied naming the role and that segment.
 */
export async function indexHlsSource(reader: SourceReader, uri: string, limits: IngestLimits = defaultIngestLimits, access: { role?: string } = {}): Promise<SourceIndex> {
  const sourceRole = access.role;
  const root = sourceRootOf(uri);
  const text = await readPlaylistText(reader, uri, limits, sourceRole);
  const jobs = probePlaylistKind(text) === 'media' ? [singlePlaylistJob(uri)] : planJobs(text, uri, root);

  const files: string[] = [];
  const fileIds = new Map<string, number>();
  const fileId = (u: string) => {
    let id = fileIds.get(u);
    if (id === undefined) {
      id = files.length;
      files.push(u);
      fileIds.set(u, id);
    }
    return id;
  };

  const tracks: IndexedTrack[] = [];
  let videoCount = 0;
  let audioCount = 0;
  let textCount = 0;
  const breakSegments: { segment: number; kind: SourceBreak['kind']; durationSeconds?: number }[] = [];
  const markerSegments: { segment: number; tag: string; value?: string }[] = [];
  for (const job of jobs) {
    const playlist = await readMediaPlaylistAt(reader, job.playlistUri, limits, sourceRole);
    if (playlist.segments.length === 0) throw new KinoraError('NO_TRACKS', `${job.playlistUri} lists no segments`, { subject: job.playlistUri });
    const isFmp4 = playlist.segments[0].map !== undefined;
    const indexer =
      job.role === 'text' ? new WebVttTrackIndexer() : isFmp4 ? new Fmp4TrackIndexer(job.role, job.muxedAudio) : new TsTrackIndexer(job.role, job.muxedAudio);
    const firstVideo = job === jobs[0] && job.role === 'video';
    for (const [k, segment] of playlist.segments.entries()) {
      if (firstVideo) {
        breakSegments.push(...breaksAt(segment, k));
        for (const m of segment.markers) if (isHlsAdMarker(m.tag, m.value)) markerSegments.push({ segment: k, ...m });
      }
      const segmentUri = resolveSourceUri(segment.uri, job.playlistUri, root);
      const bytes = segment.byteRange
        ? await reader.readRange(segmentUri, segment.byteRange.offset, segment.byteRange.offset + segment.byteRange.length, { role: sourceRole })
        : await reader.read(segmentUri, { maxBytes: limits.maxSegmentBytes, role: sourceRole });
      if (bytes.byteLength === 0) throw new KinoraError('SOURCE_EMPTY', `segment ${segmentUri} is empty (0 bytes)`, { subject: segmentUri });
      let init: { uri: string; bytes: Uint8Array } | undefined;
      if (segment.map && indexer instanceof Fmp4TrackIndexer) {
        const initUri = resolveSourceUri(segment.map.uri, job.playlistUri, root);
        if (!indexer.hasInit(initUri)) {
          const r = segment.map.byteRange;
          init = { uri: initUri, bytes: r ? await reader.readRange(initUri, r.offset, r.offset + r.length, { role: sourceRole }) : await reader.read(initUri, { maxBytes: limits.maxSegmentBytes, role: sourceRole }) };
        } else init = { uri: initUri, bytes: new Uint8Array(0) };
      }
      try {
        indexer.addSegment({ bytes, file: fileId(segmentUri), baseOffset: segment.byteRange?.offset ?? 0, durationSeconds: segment.durationSeconds, discontinuity: segment.discontinuity, init });
      } catch (e) {
        throw withSubject(e, segmentUri);
      }
    }
    for (const t of indexer.finish(job.playlistUri)) {
      const id = t.track.kind === 'video' ? `v${++videoCount}` : t.track.kind === 'audio' ? `a${++audioCount}` : `t${++textCount}`;
      const isMuxedAudio = job.role === 'video' && t.track.kind === 'audio';
      tracks.push({
        ...t,
        track: {
          ...t.track,
          id,
          language: isMuxedAudio ? undefined : job.language,
          name: isMuxedAudio ? undefined : job.name,
          channels: t.track.channels ?? job.channels,
        },
        rendition: isMuxedAudio ? { playlist: relativeTo(job.playlistUri, uri), isDefault: true, autoselect: true } : job.rendition,
      });
    }
  }
  if (!tracks.some((t) => t.track.kind === 'video')) {
    throw new KinoraError('NO_TRACKS', `${uri} has no video rendition; MediaPackage VOD requires at least one video track`, { subject: uri });
  }
  const { timeOffset90k, durationSeconds } = normaliseTimelines(tracks);
  // Break times: where the first video rendition's source segment starts, on the output timeline.
  const video = tracks.find((t) => t.track.kind === 'video')!;
  const startOf = (segment: number): number | undefined => {
    const sample = video.sourceSegmentStarts[segment];
    return sample === undefined || sample >= video.samples.count ? undefined : video.samples.decodeTime[sample] / video.track.timescale;
  };
  const breaks: SourceBreak[] = breakSegments.flatMap(({ segment, kind, durationSeconds: d }) => {
    const startSeconds = startOf(segment);
    if (startSeconds === undefined) return [];
    return [d === undefined ? { startSeconds, kind } : { startSeconds, kind, durationSeconds: d }];
  });
  // Markers after the last segment (trailing tags) have no output time and are dropped.
  const adMarkers: SourceAdMarker[] = markerSegments.flatMap(({ segment, tag, value }) => {
    const startSeconds = startOf(segment);
    if (startSeconds === undefined) return [];
    return [value === undefined ? { startSeconds, tag } : { startSeconds, tag, value }];
  });
  return { version: 1, files, tracks: orderTracks(tracks), timeOffset90k, durationSeconds, breaks, adMarkers };
}

/**
 * Programme changes before segment `k`: `EXT-X-DISCONTINUITY` (not before the
 * first segment), `EXT-X-CUE-OUT[:DURATION=d|:d]`, `EXT-X-CUE-IN`, and
 * `EXT-X-DATERANGE` carrying `SCTE35-OUT` / `SCTE35-IN` (RFC 8216 4.3.2.7.1).
 */
function breaksAt(segment: MediaPlaylist['segments'][number], k: number): { segment: number; kind: SourceBreak['kind']; durationSeconds?: number }[] {
  const out: { segment: number; kind: SourceBreak['kind']; durationSeconds?: number }[] = [];
  if (k > 0 && segment.discontinuity) out.push({ segment: k, kind: 'discontinuity' });
  for (const { tag, value = '' } of segment.markers) {
    if (tag === 'EXT-X-CUE-OUT') {
      const d = Number(/(?:DURATION=)?([0-9.]+)/.exec(value)?.[1]);
      out.push(Number.isFinite(d) && d > 0 ? { segment: k, kind: 'ad-start', durationSeconds: d } : { segment: k, kind: 'ad-start' });
    } else if (tag === 'EXT-X-CUE-IN') out.push({ segment: k, kind: 'ad-end' });
    else if (tag === 'EXT-X-DATERANGE' && /SCTE35-OUT=/.test(value)) {
      const d = Number(/(?:PLANNED-DURATION|DURATION)=([0-9.]+)/.exec(value)?.[1]);
      out.push(Number.isFinite(d) && d > 0 ? { segment: k, kind: 'ad-start', durationSeconds: d } : { segment: k, kind: 'ad-start' });
    } else if (tag === 'EXT-X-DATERANGE' && /SCTE35-IN=/.test(value)) out.push({ segment: k, kind: 'ad-end' });
  }
  return out;
}

/** Video first, then audio, then text, keeping source order within a kind. */
function orderTracks(tracks: IndexedTrack[]): IndexedTrack[] {
  return (['video', 'audio', 'text'] as const).flatMap((kind) => tracks.filter((t) => t.track.kind === kind));
}

function planJobs(text: string, uri: string, root: string): RenditionJob[] {
  let mv;
  try {
    mv = readMultivariantPlaylist(text);
  } catch (e) {
    throw withSubject(e, uri);
  }
  if (mv.variants.length === 0) throw new KinoraError('NO_TRACKS', `${uri} has no EXT-X-STREAM-INF variant`, { subject: uri });
  const jobs: RenditionJob[] = [];
  const seen = new Set<string>();
  const audioMedia = mv.media.filter((m) => m.type === 'AUDIO' && m.uri);
  const hasSeparateAudio = audioMedia.length > 0;
  const audioUris = new Set(audioMedia.map((m) => resolveSourceUri(m.uri!, uri, root)));
  // Segmenters (ffmpeg among them) may also list an audio rendition as an audio-only variant; it is read once, as audio.
  const videoVariants = mv.variants.filter((v) => !audioUris.has(resolveSourceUri(v.uri, uri, root)) && !isAudioOnly(v.codecs));
  if (videoVariants.length === 0) throw new KinoraError('NO_TRACKS', `${uri} has no video variant; MediaPackage VOD requires at least one video track`, { subject: uri });
  videoVariants.forEach((v, i) => {
    const playlistUri = resolveSourceUri(v.uri, uri, root);
    if (seen.has(playlistUri)) return;
    seen.add(playlistUri);
    const separate = v.audio !== undefined && audioMedia.some((m) => m.groupId === v.audio);
    jobs.push({
      playlistUri,
      role: 'video',
      muxedAudio: !hasSeparateAudio && !separate && i === 0,
      rendition: { playlist: v.uri },
    });
  });
  for (const m of audioMedia) {
    const playlistUri = resolveSourceUri(m.uri!, uri, root);
    if (seen.has(playlistUri)) continue;
    seen.add(playlistUri);
    jobs.push({
      playlistUri,
      role: 'audio',
      muxedAudio: false,
      language: m.language,
      name: m.name,
      channels: m.channels ? Number.parseInt(m.channels, 10) || undefined : undefined,
      rendition: { playlist: m.uri!, groupId: m.groupId, isDefault: m.isDefault, autoselect: m.autoselect, characteristics: m.characteristics },
    });
  }
  // WebVTT subtitle renditions (RFC 8216 4.3.4.1 TYPE=SUBTITLES); closed captions travel in the video.
  for (const m of mv.media.filter((m) => m.type === 'SUBTITLES' && m.uri)) {
    const playlistUri = resolveSourceUri(m.uri!, uri, root);
    if (seen.has(playlistUri)) continue;
    seen.add(playlistUri);
    jobs.push({
      playlistUri,
      role: 'text',
      muxedAudio: false,
      language: m.language,
      name: m.name,
      rendition: { playlist: m.uri!, groupId: m.groupId, isDefault: m.isDefault, autoselect: m.autoselect, characteristics: m.characteristics, forced: m.forced },
    });
  }
  return jobs;
}

function isAudioOnly(codecs: string[] | undefined): boolean {
  return codecs !== undefined && codecs.length > 0 && codecs.every((c) => /^(mp4a|ac-3|ec-3|opus|flac)/i.test(c.trim()));
}

function singlePlaylistJob(uri: string): RenditionJob {
  return { playlistUri: uri, role: 'video', muxedAudio: true, rendition: { playlist: uri.split('/').pop()! } };
}

async function readPlaylistText(reader: SourceReader, uri: string, limits: IngestLimits, role: string | undefined): Promise<string> {
  const bytes = await reader.read(uri, { maxBytes: limits.maxPlaylistBytes, role });
  if (bytes.byteLength === 0) throw new KinoraError('SOURCE_EMPTY', `playlist ${uri} is empty (0 bytes)`, { subject: uri });
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

async function readMediaPlaylistAt(reader: SourceReader, uri: string, limits: IngestLimits, role: string | undefined): Promise<MediaPlaylist> {
  const text = await readPlaylistText(reader, uri, limits, role);
  try {
    return readMediaPlaylist(text);
  } catch (e) {
    throw withSubject(e, uri);
  }
}

function withSubject(e: unknown, subject: string): unknown {
  if (e instanceof MediaError && !e.subject) {
    e.subject = subject;
    e.message = `${subject}: ${e.message}${e.offset !== undefined ? ` (byte ${e.offset})` : ''}`;
  }
  return e;
}

function relativeTo(target: string, base: string): string {
  const b = new URL('.', base).href;
  return target.startsWith(b) ? target.slice(b.length) : target;
}
