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
  let start = -1;
  let i = 0;
  while (i + 2 < n) {
    // A start code's third byte is 0x01; skipping by the byte at i+2 keeps the scan sparse.
    const b2 = bytes[i + 2];
    if (b2 > 1) {
      i += 3;
      continue;
    }
    if (b2 === 1 && bytes[i] === 0 && bytes[i + 1] === 0) {
      if (start >= 0) pushTrimmed(nals, bytes, start, i);
      start = i + 3;
      i += 3;
      continue;
    }
    i++;
  }
  if (start >= 0) pushTrimmed(nals, bytes, start, n);
  return nals;
}

function pushTrimmed(nals: Uint8Array[], bytes: Uint8Array, start: number, end: number): void {
  while (end > start && bytes[end - 1] === 0) end--;
  if (end > start) nals.push(bytes.subarray(start, end));
}
