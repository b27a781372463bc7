import type { MediaKind, Track } from './Track.ts';

/** Start and duration of one output segment in the track timescale; `number` is 1-based. */
export interface SegmentTiming {
  number: number;
  startTime: number;
  duration: number;
}

/** A track with its planned output segments. */
export interface TrackTimeline {
  track: Track;
  segments: SegmentTiming[];
}

/**
 * Tracks a player can switch between seamlessly (CMAF switching set,
 * ISO/IEC 23000-19 7.3.4): one HLS rendition group or one DASH AdaptationSet.
 */
export interface SwitchingSet {
  id: string;
  kind: MediaKind;
  language?: string;
  name?: string;
  isDefault?: boolean;
  autoselect?: boolean;
  /** HLS `CHARACTERISTICS`, e.g. `public.accessibility.describes-video`. */
  characteristics?: string;
  /** Subtitles shown even when the user turned subtitles off (HLS `FORCED=YES`). */
  forced?: boolean;
  tracks: TrackTimeline[];
}

/**
 * What manifest writers see: a pure description of the packaged output.
 * Manifests are functions of this value and never touch sample bytes.
 */
export interface Presentation {
  durationSeconds: number;
  switchingSets: SwitchingSet[];
}
