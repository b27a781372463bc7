import type { Tenc } from '../isobmff/boxes/tenc.ts';
import type { TrackProtection } from './TrackProtection.ts';

/** The `tenc` of a protected track: version 1 when it has a pattern (`cbcs`), 0 otherwise (ISO/IEC 23001-7 8.2.2). */
export function tencOf(p: TrackProtection): Tenc {
  return {
    version: p.scheme === 'cbcs' ? 1 : 0,
    defaultCryptByteBlock: p.cryptByteBlock,
    defaultSkipByteBlock: p.skipByteBlock,
    defaultIsProtected: true,
    defaultPerSampleIvSize: p.perSampleIvSize,
    defaultKid: p.kid,
    defaultConstantIv: p.perSampleIvSize === 0 ? p.constantIv : undefined,
  };
}
