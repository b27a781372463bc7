import { MediaError } from '../errors/MediaError.ts';
import type { ProtectionScheme } from './ProtectionScheme.ts';
import type { TrackProtection } from './TrackProtection.ts';

/**
 * The protection parameters of one track:
 * - `cenc` (ISO/IEC 23001-7 10.1): AES-CTR with 16-byte per-sample IVs
 *   (each the first counter block of its sample, see `computeSegmentIv`), no
 *   pattern; or 8-byte IVs (`perSampleIvSize: 8`, `computeSampleIv8`) for
 *   Smooth Streaming, whose PIFF clients assume them.
 * - `cbcs` (10.4): AES-CBC with a constant 16-byte IV; video uses the 1:9
 *   pattern (one 16-byte block encrypted, nine left clear, which cuts the
 *   decryption work tenfold and is what FairPlay and CMAF expect), audio is
 *   encrypted whole-block with no pattern (0:0), as shaka-packager does.
 */
export function planTrackProtection(v: { scheme: ProtectionScheme; kind: 'video' | 'audio'; kid: Uint8Array; constantIv?: Uint8Array; perSampleIvSize?: 8 | 16 }): TrackProtection {
  if (v.kid.byteLength !== 16) throw new MediaError('MALFORMED', `expected a 16-byte key ID, found ${v.kid.byteLength} bytes`);
  if (v.scheme === 'cenc') return { scheme: 'cenc', kid: v.kid, perSampleIvSize: v.perSampleIvSize ?? 16, cryptByteBlock: 0, skipByteBlock: 0 };
  if (!v.constantIv || v.constantIv.byteLength !== 16) throw new MediaError('MALFORMED', `cbcs needs a 16-byte constant IV, found ${v.constantIv?.byteLength ?? 'none'}`);
  const video = v.kind === 'video';
  return { scheme: 'cbcs', kid: v.kid, perSampleIvSize: 0, constantIv: v.constantIv, cryptByteBlock: video ? 1 : 0, skipByteBlock: video ? 9 : 0 };
}
