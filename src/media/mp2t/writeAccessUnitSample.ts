import { findStartCode } from '../codecs/avc/findStartCode.ts';
import { nalUnitRole } from './nalUnitRole.ts';

/**
 * Writes the ISO/IEC 14496-15 sample form of the Annex B access unit in
 * `annexB[from, to)` (4-byte big-endian NAL unit lengths; parameter sets,
 * AUDs, filler and end of sequence/stream left out: `nalUnitRole`) straight
 * into `out` at `at`, without an intermediate copy. The bytes equal
 * `readVideoAccessUnit(annexB.subarray(from, to), codec).data`.
 *
 * Writes nothing at or past `limit`: returns the position after the last byte
 * written, or -1 when the sample would not fit (the caller knows the size it
 * expects, from the source index, and treats any other size as an error).
 */
export function writeAccessUnitSample(annexB: Uint8Array, from: number, to: number, codec: 'avc' | 'hevc', out: Uint8Array, at: number, limit: number): number {
  let w = at;
  let code = findStartCode(annexB, from, to);
  while (code >= 0) {
    const start = code + 3;
    const next = findStartCode(annexB, start, to);
    let end = next < 0 ? to : next;
    // The leading zero of a 4-byte start code and trailing_zero_8bits are not part of the NAL unit.
    while (end > start && annexB[end - 1] === 0) end--;
    if (end > start) {
      const role = nalUnitRole(annexB[start], codec);
      if (role === 'sample' || role === 'syncSample') {
        const length = end - start;
        if (w + 4 + length > limit) return -1;
        out[w] = length >>> 24;
        out[w + 1] = (length >>> 16) & 0xff;
        out[w + 2] = (length >>> 8) & 0xff;
        out[w + 3] = length & 0xff;
        out.set(annexB.subarray(start, end), w + 4);
        w += 4 + length;
      }
    }
    code = next;
  }
  return w;
}
