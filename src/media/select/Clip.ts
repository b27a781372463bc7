import type { Presentation } from '../model/Presentation.ts';

/** A requested time range of an asset, in seconds of its presentation timeline. */
export interface ClipRange {
  /** Default 0. */
  startSeconds?: number;
  /** Default the asset's duration. */
  endSeconds?: number;
}

/** How one track of the source is cut into the clip. */
export interface ClipTrack {
  trackId: string;
  /** Segments of this track in the clip; 0 when it has no media there (it is then left out of the presentation). */
  segmentCount: number;
  /**
   * Ticks of the track timescale subtracted from every time of the track:
   * the clip's `baseMediaDecodeTime` (ISO/IEC 14496-12 8.8.12 `tfdt`) is the
   * source's minus this.
   */
  offsetTicks: number;
}

/**
 * A clip of a presentation: whole source segments, renumbered from 1 and
 * shifted so the clip starts at time zero (`planClip`).
 * Clip segment `n` of any track is source segment `n + firstSourceNumber - 1`.
 */
export interface Clip {
  /** The range asked for, defaults filled in. */
  requested: { startSeconds: number; endSeconds: number };
  /** The range served, in source seconds: the reference track's segment boundaries at or before the start and at or after the end. */
  sourceStartSeconds: number;
  sourceEndSeconds: number;
  /** Source segment numbers of the first and last clip segments (inclusive). */
  firstSourceNumber: number;
  lastSourceNumber: number;
  /** One entry per track of the source presentation, in presentation order. */
  tracks: ClipTrack[];
  /** What the manifest writers see: segments numbered from 1, times from 0. */
  presentation: Presentation;
}
