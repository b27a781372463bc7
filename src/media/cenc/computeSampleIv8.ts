/**
 * The 8-byte IV of one sample where IVs are 8 bytes (PIFF / Smooth
 * Streaming, whose clients assume IV_size 8): 16 bits naming the track
 * (`trackCode`), then the low 48 bits of the sample's *source* decode time.
 * With an 8-byte IV, AES-CTR's counter block is the IV followed by a 64-bit
 * block counter starting at 0 (ISO/IEC 23001-7 9.3; PIFF 1.1 5.3.2.1), so
 * every sample has a counter range of its own: decode times are unique
 * within a track and track codes differ between tracks, so no counter block
 * ever meets two plaintexts under one key, and a sample gets the same IV
 * every time it is packaged (clips included, since source times are used).
 */
export function computeSampleIv8(trackCode: number, decodeTime: number): Uint8Array {
  const iv = new Uint8Array(8);
  const time = ((decodeTime % 2 ** 48) + 2 ** 48) % 2 ** 48;
  const high = Math.floor(time / 2 ** 32);
  const low = time >>> 0;
  iv[0] = (trackCode >> 8) & 0xff;
  iv[1] = trackCode & 0xff;
  iv[2] = high >> 8;
  iv[3] = high & 0xff;
  iv[4] = low >>> 24;
  iv[5] = (low >>> 16) & 0xff;
  iv[6] = (low >>> 8) & 0xff;
  iv[7] = low & 0xff;
  return iv;
}
