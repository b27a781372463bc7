import { writeMediaSegment } from '../media/isobmff/writeMediaSegment.ts';
import { writeInitSegment } from '../media/isobmff/writeInitSegment.ts';
import type { Track } from '../media/model/Track.ts';
import type { MediaSegment } from './SegmentRequest.ts';
import { insertParameterSets } from './transforms/insertParameterSets.ts';

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

const writeFmp4 = (segment: MediaSegment) => writeMediaSegment({ sequenceNumber: segment.number, baseMediaDecodeTime: segment.baseMediaDecodeTime, samples: segment.samples });

/** CMAF fMP4 (ISO/IEC 23000-19): DASH and HLS-fMP4 share the very same segments. */
export const fmp4Recipe: Recipe = {
  init: (track) => writeInitSegment(track),
  transforms: [],
  write: writeFmp4,
};

/** CMAF fMP4 with parameter sets in every key frame (`avc3`/`hev1`): `includeEncoderConfigurationInSegments`. */
export const fmp4InBandRecipe: Recipe = {
  init: (track) => writeInitSegment(track, { parameterSetsInBand: true }),
  transforms: [insertParameterSets],
  write: writeFmp4,
};
