import type { Subsample } from './Subsample.ts';

/**
 * The encryption parameters of one sample, as a `senc` entry carries them
 * (ISO/IEC 23001-7 7.2.2): its IV (empty when the track has a constant IV)
 * and, for video, its subsample map. No `subsamples` means the whole sample
 * is protected (audio).
 */
export interface SampleEncryption {
  iv: Uint8Array;
  subsamples?: Subsample[];
}
