/**
 * Inserts emulation prevention bytes (ITU-T H.264 7.4.1 / 7.4.1.1): a 0x03
 * after every two zero bytes that are followed by a byte of 0x00 to 0x03,
 * so that no start code prefix (0x000001) and no 0x000000 or 0x000002 can
 * appear inside a NAL unit. The inverse of
 * `codecs/avc/removeEmulationPrevention` (and of every decryptor's
 * "unescape": `removeEmulationPrevention(addEmulationPrevention(x))` is
 * `x`). A trailing zero pair gets nothing: the bytes given here never end a
 * NAL unit with 0x00 (`encryptSampleAesNalUnit` keeps the last byte clear).
 * Returns the input view itself when nothing needs inserting, the usual case.
 *
 * Zero bytes are found with `indexOf` (native, and compressed video has few
 * zeros), so a slice is not walked byte by byte in JavaScript.
 */
export function addEmulationPrevention(bytes: Uint8Array): Uint8Array {
  const n = bytes.byteLength;
  // Positions before which a 0x03 goes: after a zero pair, where the next byte is <= 3.
  const at: number[] = [];
  let p = bytes.indexOf(0);
  while (p >= 0 && p + 2 < n) {
    if (bytes[p + 1] !== 0) {
      p = bytes.indexOf(0, p + 2);
      continue;
    }
    if (bytes[p + 2] <= 3) {
      at.push(p + 2);
      // The zero count restarts after the 0x03: a zero at p + 2 may begin the next pair.
      p = bytes[p + 2] === 0 ? p + 2 : bytes.indexOf(0, p + 3);
    } else {
      p = bytes.indexOf(0, p + 3);
    }
  }
  if (at.length === 0) return bytes;
  const out = new Uint8Array(n + at.length);
  let from = 0;
  at.forEach((position, k) => {
    out.set(bytes.subarray(from, position), from + k);
    out[position + k] = 3;
    from = position;
  });
  out.set(bytes.subarray(from), from + at.length);
  return out;
}
