import { writeMediaSegment } from '../media/isobmff/writeMediaSegment.ts';
import { writeInitSegment } from '../media/isobmff/writeInitSegment.ts';
import { writeEncryptedMediaSegment } from '../media/cenc/writeEncryptedMediaSegment.ts';
import { planTrackProtection } from '../media/cenc/planTrackProtection.ts';
import type { Track } from '../media/model/Track.ts';
import type { TrackProtection } from '../media/cenc/TrackProtection.ts';
import type { Pssh } from '../media/isobmff/boxes/pssh.ts';
import type { MediaSegment } from './SegmentRequest.ts';
import type { FragmentEncryption } from './FragmentEncryption.ts';
import { insertParameterSets } from './transforms/insertParameterSets.ts';
import { encryptSegment } from './transforms/encryptSegment.ts';

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

const writeFmp4 = (segment: MediaSegment) =>
  segment.encryption
    ? writeEncryptedMediaSegment({ sequenceNumber: segment.number, baseMediaDecodeTime: segment.baseMediaDecodeTime, samples: segment.samples, encryption: segment.encryption })
    : writeMediaSegment({ sequenceNumber: segment.number, baseMediaDecodeTime: segment.baseMediaDecodeTime, samples: segment.samples });

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

/**
 * Encrypted CMAF fMP4 (ISO/IEC 23001-7 `cenc` for DASH, `cbcs` for CMAF/HLS):
 * `encv`/`enca` sample entries with `sinf` and the `pssh` boxes of the
 * track's key in the init segment, and samples encrypted last (after in-band
 * parameter sets are added, so the subsample maps describe the bytes as
 * written). A track with no key (text; a track type the encryption
 * contract leaves UNENCRYPTED) is written clear, init and segments.
 */
export function encryptedFmp4Recipe(e: FragmentEncryption, options: { parameterSetsInBand: boolean }): Recipe {
  const inBand = options.parameterSetsInBand;
  return {
    init: (track) => writeInitSegment(track, { parameterSetsInBand: inBand, encryption: initEncryptionOf(e, track) }),
    transforms: inBand ? [insertParameterSets, encryptSegment(e)] : [encryptSegment(e)],
    write: writeFmp4,
  };
}

/** The protection of a track's init segment: its key's `tenc` and `pssh` boxes, or none for a clear track. */
export function initEncryptionOf(e: FragmentEncryption, track: Track): { protection: TrackProtection; pssh: readonly Pssh[] } | undefined {
  if (track.kind === 'text') return undefined;
  const trackKey = e.keyOf(track);
  if (!trackKey) return undefined;
  return { protection: planTrackProtection({ scheme: e.scheme, kind: track.kind, kid: trackKey.kid, constantIv: e.constantIv, perSampleIvSize: e.perSampleIvSize }), pssh: trackKey.pssh };
}
