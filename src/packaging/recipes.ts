import { writeMediaSegment } from '../media/isobmff/writeMediaSegment.ts';
import { writeInitSegment } from '../media/isobmff/writeInitSegment.ts';
import type { Track } from '../media/model/Track.ts';
import type { MediaSegment } from './SegmentRequest.ts';

/**
 * One recipe per output container: how an init segment and a media segment
 * are written from the common model. `transforms` run in order between
 * reading and writing (time rebasing is done once at ingest; encryption and
 * in-band parameter sets plug in here).
 */
export interface Recipe {
  init(track: Track): Uint8Array;
  transforms: ((segment: MediaSegment) => MediaSegment)[];
  write(segment: MediaSegment): Uint8Array;
}

/** CMAF fMP4 (ISO/IEC 23000-19): DASH and HLS-fMP4 share the very same segments. */
export const fmp4Recipe: Recipe = {
  init: (track) => writeInitSegment(track),
  transforms: [],
  write: (segment) => writeMediaSegment({ sequenceNumber: segment.number, baseMediaDecodeTime: segment.baseMediaDecodeTime, samples: segment.samples }),
};
