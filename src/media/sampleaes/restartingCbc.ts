import type { SampleAesKey } from './SampleAesKey.ts';

/**
 * AES-128-CBC whose chain restarts from `iv` at every call, as SAMPLE-AES
 * wants for each protected block (Apple MPEG-2 Stream Encryption 2.1: "the
 * initialization vector must be reset to its original value at the start of
 * each new protected block"), through one cipher for a whole segment (a
 * cipher per NAL unit or audio frame costs more than the encryption): a
 * call's first block is XORed with the IV and the previous call's last
 * ciphertext block, which turns "continue the chain" into "start from the
 * IV" (the trick `cenc/encryptSamples` uses for `cbcs`). `blocks` is whole
 * 16-byte blocks, and is used up: its first block is whitened in place. The
 * answer is new bytes of the same length.
 */
export function restartingCbc(v: SampleAesKey): (blocks: Uint8Array) => Uint8Array {
  const { iv } = v;
  const chain = v.cipher.aesCbcChain(v.key, iv);
  const last = iv.slice();
  return (blocks) => {
    const n = blocks.byteLength;
    if (n === 0) return new Uint8Array(0);
    for (let k = 0; k < 16; k++) blocks[k] ^= iv[k] ^ last[k];
    const encrypted = chain(blocks);
    for (let k = 0; k < 16; k++) last[k] = encrypted[n - 16 + k];
    return encrypted;
  };
}
