import type { IndexedTrack } from '../media/index/SourceIndex.ts';
import type { Sample } from '../media/model/Sample.ts';

/** The plain value a segment pipeline passes from stage to stage. */
export interface MediaSegment {
  track: IndexedTrack['track'];
  /** 1-based segment number in the output. */
  number: number;
  baseMediaDecodeTime: number;
  samples: Sample[];
}
