import type { SegmentTiming } from '../model/Presentation.ts';

/** Output segmentation of one track: sample index boundaries and the resulting timings. */
export interface TrackSegmentPlan {
  trackId: string;
  /** `starts[k]` is the first sample of segment k+1; `starts[segments.length]` is the sample count. */
  starts: Uint32Array;
  segments: SegmentTiming[];
  /** Payload-derived bitrates of the planned output segments (bits per second). */
  peakBitsPerSecond: number;
  averageBitsPerSecond: number;
}

/** The output segmentation of an asset for one target duration. */
export interface SegmentPlan {
  targetSeconds: number;
  /** Most common segment duration, for `NUMBER_WITH_DURATION` templates. */
  nominalSeconds: number;
  tracks: TrackSegmentPlan[];
}
