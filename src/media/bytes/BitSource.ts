import type { BitReader } from './BitReader.ts';

/**
 * What a syntax reader needs of a bit reader: `BitReader` over bytes whose
 * emulation prevention is already removed, or the encryption code's
 * `NalBitReader`, which skips it as it reads. Readers shared by both (H.265
 * reference picture sets, scaling lists) take this.
 */
export type BitSource = Pick<BitReader, 'bit' | 'bits' | 'bool' | 'skipBits' | 'ue' | 'se'>;
