/**
 * The 16-byte `cenc` IV of the first sample of a segment: 16 bits naming the
 * track (`trackCode`), 48 bits of the segment's first source decode time,
 * then a 64-bit block counter at 0. Each later sample's IV is the previous
 * one plus the previous sample's block count, so a segment's protected
 * bytes are one CTR stream (encrypted with one cipher call) and every
 * sample's IV is its first counter block (ISO/IEC 23001-7 9.3, 10.1).
 *
 * Segments are packaged on request and must come out the same every time,
 * so IVs cannot be random; under one key a counter must never serve two
 * different plaintexts (that leaks their XOR). Two segments of a track share
 * counters only when they start at the same source sample, and then they
 * hold the same samples in the same order (a clip's first segment, say, is
 * a prefix of the full segment starting there), so shared counters always
 * meet the same plaintext. The caller passes the *source* decode time, so a
 * clip (whose output times start at zero) gets the full asset's IVs.
 */
export function computeSegmentIv(trackCode: number, decodeTime: number): Uint8Array {
  const iv = new Uint8Array(16);
  const view = new DataView(iv.buffer);
  view.setUint16(0, trackCode & 0xffff);
  const time = ((decodeTime % 2 ** 48) + 2 ** 48) % 2 ** 48;
  view.setUint16(2, Math.floor(time / 2 ** 32));
  view.setUint32(4, time >>> 0);
  return iv;
}
