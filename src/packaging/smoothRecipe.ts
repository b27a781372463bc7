import { writeInitSegment } from '../media/isobmff/writeInitSegment.ts';
import { writeSmoothFragment } from '../media/mss/writeSmoothFragment.ts';
import type { Recipe } from './recipes.ts';

/**
 * Microsoft Smooth Streaming (MS-SSTR 2.2.4): each segment is a fragment
 * `moof(mfhd, traf(tfhd, trun, tfxd)) + mdat` whose TfxdBox carries the
 * segment's start time, which is the manifest's `<c t>`.
 *
 * Smooth clients build their own `moov` from the manifest's
 * `CodecPrivateData`, so no URL serves `init`; it is the CMAF header of the
 * same track (track 1, the track's timescale), which lets ISO-BMFF tools
 * parse and decode the fragments (`init + fragment`) when inspecting output.
 */
export const smoothRecipe: Recipe = {
  init: (track) => writeInitSegment(track),
  transforms: [],
  write: (segment) => writeSmoothFragment({ sequenceNumber: segment.number, fragmentAbsoluteTime: segment.baseMediaDecodeTime, samples: segment.samples }),
};
