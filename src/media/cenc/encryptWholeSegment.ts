import type { BlockCipher } from './BlockCipher.ts';

/**
 * HLS `METHOD=AES-128` (RFC 8216 4.3.2.4, 5.2): the whole segment encrypted
 * with AES-128-CBC after PKCS#7 padding (RFC 5652 6.3: 1 to 16 bytes, each
 * holding the pad length, so the output is always longer than the input).
 */
export function encryptWholeSegment(segment: Uint8Array, key: Uint8Array, iv: Uint8Array, cipher: BlockCipher): Uint8Array {
  const pad = 16 - (segment.byteLength % 16);
  const padded = new Uint8Array(segment.byteLength + pad);
  padded.set(segment, 0);
  padded.fill(pad, segment.byteLength);
  return cipher.aesCbc(key, iv, padded);
}
