import type { Track } from '../model/Track.ts';
import type { SampleTable } from './SampleTable.ts';

/** Where a track's samples live in the source. */
export type TrackSource =
  | { container: 'mp2t'; pid: number; codec: 'avc' | 'hevc' | 'aac' | 'ac3' | 'ec3' }
  | { container: 'fmp4'; trackId: number }
  /** One sample per cue; `offset`/`end` span the cue block's bytes in its WebVTT file. */
  | { container: 'webvtt' };

/** Metadata the HLS source gave about a rendition, carried to the output manifests. */
export interface RenditionInfo {
  /** Playlist the track was read from, relative to the multivariant playlist. */
  playlist: string;
  groupId?: string;
  isDefault?: boolean;
  autoselect?: boolean;
  characteristics?: string;
  /** Subtitles: `FORCED=YES` (RFC 8216 4.3.4.1). */
  forced?: boolean;
}

export interface IndexedTrack {
  track: Track;
  source: TrackSource;
  rendition: RenditionInfo;
  samples: SampleTable;
  /** First sample index of each source segment (for MediaPackage-style rounding and diagnostics). */
  sourceSegmentStarts: Uint32Array;
  /** Measured over source segments: max and mean of payload bits per second. */
  sourcePeakBitsPerSecond: number;
  sourceAverageBitsPerSecond: number;
}

/**
 * Everything Kinora knows about one source asset after ingest; persisted
 * with the asset (`writeSourceIndex`) and loaded by the origin on first use.
 */
export interface SourceIndex {
  version: 1;
  /** Source objects (segments, init segments) as absolute URIs (`s3://b/k`, `file:///p`). */
  files: string[];
  tracks: IndexedTrack[];
  /** Presentation offset removed from every track, in 90 kHz ticks (the earliest source PTS). */
  timeOffset90k: number;
  durationSeconds: number;
  /**
   * Where the source's programme changes, on the output timeline: an
   * `EXT-X-DISCONTINUITY`, or an ad break's start and end (`EXT-X-CUE-OUT`/
   * `EXT-X-CUE-IN`, or `EXT-X-DATERANGE` with `SCTE35-OUT`/`SCTE35-IN`), read
   * from the first video rendition. Segment boundaries fall on them, and DASH
   * starts a Period at each (discontinuities always; ad breaks with `periodTriggers: ADS`).
   */
  breaks?: SourceBreak[];
  /**
   * The ad-marker tags of the first video rendition (`EXT-X-CUE-OUT`,
   * `EXT-X-CUE-OUT-CONT`, `EXT-X-CUE-IN`, `EXT-OATCLS-SCTE35`, `EXT-X-ASSET`,
   * SCTE-35 `EXT-X-DATERANGE`...), verbatim, each at the output time of the
   * source segment it preceded: what HLS `adMarkers` PASSTHROUGH copies, and
   * where SCTE35_ENHANCED finds the source's SCTE-35 messages.
   */
  adMarkers?: SourceAdMarker[];
}

export interface SourceAdMarker {
  startSeconds: number;
  /** The tag name without `#`, e.g. `EXT-X-CUE-OUT`. */
  tag: string;
  /** What follows the colon, when there is one. */
  value?: string;
}

export interface SourceBreak {
  startSeconds: number;
  kind: 'discontinuity' | 'ad-start' | 'ad-end';
  /** `EXT-X-CUE-OUT:DURATION` or the DATERANGE's `PLANNED-DURATION`/`DURATION`, when given. */
  durationSeconds?: number;
}
