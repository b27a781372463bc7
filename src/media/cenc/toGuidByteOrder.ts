/**
 * A 16-byte key ID in Microsoft GUID byte order, as PlayReady headers carry
 * it (PlayReady Header Specification, KID): the first three fields
 * (4, 2 and 2 bytes) little-endian, the last 8 bytes as they are. The
 * swap is its own inverse, so it also turns a GUID back into a key ID.
 */
export function toGuidByteOrder(kid: Uint8Array): Uint8Array {
  const out = kid.slice();
  out[0] = kid[3];
  out[1] = kid[2];
  out[2] = kid[1];
  out[3] = kid[0];
  out[4] = kid[5];
  out[5] = kid[4];
  out[6] = kid[7];
  out[7] = kid[6];
  return out;
}
