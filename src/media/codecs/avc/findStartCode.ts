/**
 * The position of the first Annex B start code prefix `00 00 01`
 * (ITU-T H.264 B.1.1 / H.265 B.2.1) at or after `from` whose three bytes lie
 * before `to`, or -1. A 4-byte start code is found at its last three bytes.
 *
 * Runs over every byte of every sample the origin packages, so it reads as
 * few bytes as it can: a byte above 0x01 at `i + 2` rules out a prefix at
 * `i`, `i + 1` and `i + 2`, so the scan steps by three, and four such probes
 * are tested at once (independent loads, one branch) before it falls back to
 * stepping. Emulation prevention (7.4.1) guarantees `00 00 01` occurs inside
 * a NAL unit never, so every hit is a real start code.
 */
export function findStartCode(bytes: Uint8Array, from: number, to: number): number {
  let i = from;
  const fast = to - 12;
  while (i + 2 < to) {
    if (i < fast && bytes[i + 2] > 1 && bytes[i + 5] > 1 && bytes[i + 8] > 1 && bytes[i + 11] > 1) {
      i += 12;
      continue;
    }
    const b2 = bytes[i + 2];
    if (b2 > 1) {
      i += 3;
    } else if (b2 === 1 && bytes[i] === 0 && bytes[i + 1] === 0) {
      return i;
    } else {
      i++;
    }
  }
  return -1;
}
