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

/**
 * Frees the memory of `out` now instead of at the next garbage collection:
 * detaching its ArrayBuffer (`transfer(0)`) drops the backing store, so the
 * allocator hands the same, already mapped, pages to the next cipher output.
 * Only for an output that owns its whole ArrayBuffer (never a view into a
 * pool shared with other Buffers); anything else is left to the collector.
 */
function release(out: Uint8Array): void {
  const buffer = out.buffer as ArrayBuffer;
  if (out.byteOffset !== 0 || buffer.byteLength !== out.byteLength || typeof buffer.transfer !== 'function') return;
  try {
    buffer.transfer(0);
  } catch {
    // Not detachable (a platform-owned buffer): the collector frees it as usual.
  }
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
  aesEcb: (key, blocks, use) => {
    const out = run(createCipheriv('aes-128-ecb', keyObject(key), null).setAutoPadding(false), blocks);
    try {
      use(out);
    } finally {
      release(out);
    }
  },
  aesCtrStream: (key, counter) => {
    const cipher = createCipheriv('aes-128-ctr', keyObject(key), counter);
    // node:crypto cannot encrypt into a given buffer: each output is used, then freed at once.
    return (data, use) => {
      const out = run(cipher, data);
      try {
        use(out);
      } finally {
        release(out);
      }
    };
  },
};
