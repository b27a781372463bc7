import { removeEmulationPrevention } from '../codecs/avc/removeEmulationPrevention.ts';

/**
 * The RBSP of the first `maxBytes` bytes of a NAL unit (emulation prevention
 * removed, ITU-T H.264 7.4.1 / H.265 7.4.2): slice headers are short, so
 * measuring one never needs to unescape a whole slice.
 */
export function readRbspPrefix(nal: Uint8Array, maxBytes: number): Uint8Array {
  return removeEmulationPrevention(nal.subarray(0, Math.min(nal.byteLength, maxBytes)));
}
