import type { BlockCipher } from './BlockCipher.ts';
import { toGuidByteOrder } from './toGuidByteOrder.ts';

/**
 * The `CHECKSUM` of a PlayReady header for an AES-CTR key (PlayReady Header
 * Specification, v4.0.0.0 DATA/CHECKSUM): the key ID in GUID byte order
 * encrypted with the content key in AES-ECB, first 8 bytes. A client uses
 * it to check a license's key before decrypting with it. One block of ECB
 * is one block of CBC from a zero IV.
 */
export function computePlayReadyChecksum(kid: Uint8Array, key: Uint8Array, cipher: BlockCipher): Uint8Array {
  return cipher.aesCbc(key, new Uint8Array(16), toGuidByteOrder(kid)).slice(0, 8);
}
