/**
 * Converts a NAL unit payload to its RBSP by dropping every emulation prevention
 * byte: `0x00 0x00 0x03` becomes `0x00 0x00` (ITU-T H.264 7.4.1 / H.265 7.4.2).
 * Encoders insert the 0x03 so that no start code can appear inside a NAL unit;
 * Exp-Golomb parsing must see the original bits. Returns the input view itself
 * when nothing needs removing, so the common case costs no allocation.
 */
export function removeEmulationPrevention(nal: Uint8Array): Uint8Array {
  const n = nal.byteLength;
  let first = -1;
  for (let i = 2; i < n; i++) {
    if (nal[i] === 3 && nal[i - 1] === 0 && nal[i - 2] === 0) {
      first = i;
      break;
    }
  }
  if (first < 0) return nal;
  const out = new Uint8Array(n);
  out.set(nal.subarray(0, first));
  let w = first;
  let zeros = 0;
  for (let i = first + 1; i < n; i++) {
    const b = nal[i];
    if (b === 3 && zeros >= 2) {
      zeros = 0;
      continue;
    }
    out[w++] = b;
    zeros = b === 0 ? zeros + 1 : 0;
  }
  return out.subarray(0, w);
}
