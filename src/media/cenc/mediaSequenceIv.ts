/**
 * The IV of an HLS AES-128 segment without an `IV` attribute (RFC 8216
 * 5.2): its Media Sequence Number as a 128-bit big-endian number.
 */
export function mediaSequenceIv(mediaSequenceNumber: number): Uint8Array {
  const iv = new Uint8Array(16);
  const view = new DataView(iv.buffer);
  view.setUint32(8, Math.floor(mediaSequenceNumber / 2 ** 32));
  view.setUint32(12, mediaSequenceNumber >>> 0);
  return iv;
}
