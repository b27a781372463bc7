import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject } from 'node:crypto';
import type { BlockCipher } from '../media/cenc/BlockCipher.ts';

/** Importing raw key bytes costs more than encrypting a sample: each key is imported once. */
const imported = new WeakMap<Uint8Array, KeyObject>();

function keyObject(key: Uint8Array): KeyObject {
  let object = imported.get(key);
  if (!object) {
    object = createSecretKey(key);
    imported.set(key, object);
  }
  return object;
}

/**
 * Every mode used here works on whole blocks without padding (CBC) or
 * is a stream (CTR), so `update` returns every output byte and `final`,
 * which would only add padding, is not called.
 */
function run(cipher: ReturnType<typeof createCipheriv> | ReturnType<typeof createDecipheriv>, data: Uint8Array): Uint8Array {
  const out = cipher.update(data);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** `BlockCipher` on OpenSSL through `node:crypto` (AES-NI where the CPU has it). */
export const NodeBlockCipher: BlockCipher = {
  aesCbc: (key, iv, data) => run(createCipheriv('aes-128-cbc', keyObject(key), iv).setAutoPadding(false), data),
  aesCbcChain: (key, iv) => {
    const cipher = createCipheriv('aes-128-cbc', keyObject(key), iv).setAutoPadding(false);
    return (data) => run(cipher, data);
  },
  aesCbcDecrypt: (key, iv, data) => run(createDecipheriv('aes-128-cbc', keyObject(key), iv).setAutoPadding(false), data),
  aesCtr: (key, counter, data) => run(createCipheriv('aes-128-ctr', keyObject(key), counter), data),
};
