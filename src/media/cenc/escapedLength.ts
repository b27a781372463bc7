/**
 * How many bytes of the NAL unit `nal` (as stored, with emulation prevention
 * bytes) hold its first `rbspBytes` RBSP bytes: each `0x00 0x00 0x03`
 * contributes two RBSP bytes in three stored ones (ITU-T H.264 7.4.1). The
 * NAL unit is `nal[start, end)`, by default all of `nal`.
 */
export function escapedLength(nal: Uint8Array, rbspBytes: number, start = 0, end = nal.byteLength): number {
  let produced = 0;
  let zeros = 0;
  let i = start;
  for (; i < end && produced < rbspBytes; i++) {
    const b = nal[i];
    if (b === 3 && zeros >= 2) {
      zeros = 0;
      continue;
    }
    produced++;
    zeros = b === 0 ? zeros + 1 : 0;
  }
  return i - start;
}
