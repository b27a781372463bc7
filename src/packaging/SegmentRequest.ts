import type { IndexedTrack } from '../media/index/SourceIndex.ts';
import type { Sample } from '../media/model/Sample.ts';
import type { SampleEncryption } from '../media/cenc/SampleEncryption.ts';

/** The plain value a segment pipeline passes from stage to stage. */
export interface MediaSegment {
  track: IndexedTrack['track'];
  /** 1-based segment number in the output. */
  number: number;
  baseMediaDecodeTime: number;
  samples: Sample[];
  /** Set by the encryption stage: one `senc` entry per sample (IV, subsample map), for the writer. */
  encryption?: SampleEncryption[];
}
