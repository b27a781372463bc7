import type { SourceBreak, SourceIndex } from '../../media/index/SourceIndex.ts';
import type { MediaKind } from '../../media/model/Track.ts';

/** One source segment of a track, on the output timeline. */
export interface SourceSegmentSummary {
  /** Presentation time of its first sample. */
  startSeconds: number;
  /** Sum of its samples' durations. */
  durationSeconds: number;
  /** Sum of its samples' payload sizes (elementary stream bytes, without container overhead). */
  bytes: number;
}

/** One track of the ingested source. */
export interface SourceTrackSummary {
  id: string;
  kind: MediaKind;
  /** RFC 6381 codec string (`avc1.64001e`, `mp4a.40.2`, `wvtt`). */
  codec: string;
  container: 'mp2t' | 'fmp4' | 'webvtt';
  width?: number;
  height?: number;
  frameRate?: number;
  sampleRate?: number;
  channels?: number;
  language?: string;
  name?: string;
  /** The playlist it was read from (relative to the multivariant playlist) and its rendition group. */
  playlist: string;
  groupId?: string;
  /** Payload bits per second measured over source segments: the largest segment's, and over the whole track. */
  peakBitsPerSecond: number;
  averageBitsPerSecond: number;
  sampleCount: number;
  segmentCount: number;
  segments: SourceSegmentSummary[];
}

/** What `GET /kinora/v1/assets/{id}/source` returns (docs/kinora-api.md). */
export interface SourceSummary {
  durationSeconds: number;
  /** Source objects read (playlists excluded): segments and init segments. */
  fileCount: number;
  tracks: SourceTrackSummary[];
  /** Discontinuities and ad-break markers, on the output timeline. */
  breaks: SourceBreak[];
}

/** Rounds to microseconds: the JSON carries times, not float noise. */
const micro = (seconds: number) => Math.round(seconds * 1e6) / 1e6;

/**
 * A readable summary of an ingested source index: each track's codec and
 * measured bitrates, and per source segment (`sourceSegmentStarts`, the first
 * sample of each segment of the source playlist) its start, duration and
 * payload bytes, summed over the sample table. Pure: values in, values out.
 */
export function describeSourceIndex(index: SourceIndex): SourceSummary {
  return {
    durationSeconds: index.durationSeconds,
    fileCount: index.files.length,
    tracks: index.tracks.map(({ track, source, rendition, samples, sourceSegmentStarts, sourcePeakBitsPerSecond, sourceAverageBitsPerSecond }) => {
      const segments: SourceSegmentSummary[] = [];
      for (let s = 0; s < sourceSegmentStarts.length; s++) {
        const first = sourceSegmentStarts[s];
        const end = s + 1 < sourceSegmentStarts.length ? sourceSegmentStarts[s + 1] : samples.count;
        let ticks = 0;
        let bytes = 0;
        for (let i = first; i < end; i++) {
          ticks += samples.duration[i];
          bytes += samples.size[i];
        }
        const start = first < samples.count ? samples.decodeTime[first] + samples.compositionOffset[first] : samples.count > 0 ? samples.decodeTime[samples.count - 1] + samples.duration[samples.count - 1] : 0;
        segments.push({ startSeconds: micro(start / track.timescale), durationSeconds: micro(ticks / track.timescale), bytes });
      }
      const optional = {
        width: track.width,
        height: track.height,
        frameRate: track.frameRate,
        sampleRate: track.sampleRate,
        channels: track.channels,
        language: track.language,
        name: track.name,
        groupId: rendition.groupId,
      };
      return {
        id: track.id,
        kind: track.kind,
        codec: track.codecString,
        container: source.container,
        ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
        playlist: rendition.playlist,
        peakBitsPerSecond: sourcePeakBitsPerSecond,
        averageBitsPerSecond: sourceAverageBitsPerSecond,
        sampleCount: samples.count,
        segmentCount: segments.length,
        segments,
      };
    }),
    breaks: index.breaks ?? [],
  };
}
