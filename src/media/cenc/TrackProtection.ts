import type { ProtectionScheme } from './ProtectionScheme.ts';

/** Everything a track's `sinf`/`tenc` says, and how its samples are encrypted (ISO/IEC 23001-7 8.2). */
export interface TrackProtection {
  scheme: ProtectionScheme;
  kid: Uint8Array;
  /** 16 for `cenc` (each sample's first counter block), 0 for `cbcs` (`constantIv` for every sample). */
  perSampleIvSize: 0 | 8 | 16;
  constantIv?: Uint8Array;
  /** Pattern in 16-byte blocks: 1 encrypted then 9 clear for `cbcs` video; 0:0 (no pattern) otherwise. */
  cryptByteBlock: number;
  skipByteBlock: number;
}
