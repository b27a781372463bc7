import { findStartCode } from './findStartCode.ts';

/**
 * Splits an Annex B byte stream (ITU-T H.264 Annex B / H.265 Annex B) into NAL
 * units. Accepts 3- and 4-byte start codes; the leading zero of a 4-byte start
 * code and any trailing_zero_8bits are trimmed from the preceding NAL unit,
 * which is safe because a NAL unit never ends in 0x00 (its RBSP ends with the
 * stop bit). Returns subarray views of `bytes`, never copies. Bytes before the
 * first start code are ignored.
 */
export function splitAnnexB(bytes: Uint8Array): Uint8Array[] {
  const nals: Uint8Array[] = [];
  const n = bytes.byteLength;
  let at = findStartCode(bytes, 0, n);
  while (at >= 0) {
    const start = at + 3;
    const next = findStartCode(bytes, start, n);
    const end = trimZeros(bytes, start, next < 0 ? n : next);
    if (end > start) nals.push(bytes.subarray(start, end));
    at = next;
  }
  return nals;
}

function trimZeros(bytes: Uint8Array, start: number, end: number): number {
  while (end > start && bytes[end - 1] === 0) end--;
  return end;
}
