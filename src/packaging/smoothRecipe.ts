import { writeInitSegment } from '../media/isobmff/writeInitSegment.ts';
import { writeSmoothFragment } from '../media/mss/writeSmoothFragment.ts';
import type { FragmentEncryption } from './FragmentEncryption.ts';
import { initEncryptionOf, type Recipe } from './recipes.ts';
import { encryptSegment } from './transforms/encryptSegment.ts';

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

/**
 * Smooth Streaming with PlayReady (PIFF 1.1, MS-SSTR 2.2.2.2 Protection):
 * video and audio samples encrypted with AES-CTR (`cenc`) and 8-byte IVs,
 * each fragment's IVs and subsample maps in PIFF's SampleEncryptionBox; the
 * client learns the algorithm, IV size and KID from the manifest's PlayReady
 * header, which is the track encryption a Smooth client puts in the `moov`
 * it builds. The inspection `init` is the CMAF header with the same
 * protection (`encv`/`enca`, `tenc` with 8-byte IVs, the PlayReady `pssh`),
 * so ISO-BMFF tools decrypt `init + fragment`.
 */
export function encryptedSmoothRecipe(e: FragmentEncryption): Recipe {
  const piff: FragmentEncryption = { ...e, scheme: 'cenc', perSampleIvSize: 8 };
  return {
    init: (track) => writeInitSegment(track, { encryption: initEncryptionOf(piff, track) }),
    transforms: [encryptSegment(piff)],
    write: (segment) => writeSmoothFragment({ sequenceNumber: segment.number, fragmentAbsoluteTime: segment.baseMediaDecodeTime, samples: segment.samples, encryption: segment.encryption }),
  };
}
