/**
 * The AES-CTR counter block `blocks` blocks after `iv` (ISO/IEC 23001-7 9.3
 * and 10.1): an 8-byte IV fills the upper half and the lower 64 bits count
 * blocks from 0; a 16-byte IV is the whole first block. Either way the block
 * is incremented as one 128-bit big-endian number, as AES-CTR does.
 */
export function counterBlock(iv: Uint8Array, blocks: number): Uint8Array {
  const out = new Uint8Array(16);
  out.set(iv.subarray(0, 16), 0);
  let carry = blocks;
  for (let i = 15; i >= 0 && carry > 0; i--) {
    const sum = out[i] + (carry % 256);
    out[i] = sum & 0xff;
    carry = Math.floor(carry / 256) + (sum >> 8);
  }
  return out;
}
