import { MediaError } from '../errors/MediaError.ts';
import type { BlockCipher } from './BlockCipher.ts';
import { counterBlock } from './counterBlock.ts';
import type { Subsample } from './Subsample.ts';
import type { TrackProtection } from './TrackProtection.ts';

/**
 * Encrypts one sample into `out` (same length as `data`; `out` may be `data`
 * itself, to encrypt in place), per ISO/IEC 23001-7:
 * - `cenc` (10.1): AES-CTR over the sample's protected bytes taken as one
 *   stream, the counter starting at the sample's IV; with a subsample map
 *   every protected range is whole blocks, so each range is encrypted on its
 *   own from the counter where the previous one stopped.
 * - `cbcs` (10.4): AES-CBC from the constant IV, restarted at every
 *   subsample; within a protected range the pattern encrypts
 *   `cryptByteBlock` blocks then skips `skipByteBlock`, the CBC chain running
 *   through the encrypted blocks only (9.6). A trailing partial block stays
 *   clear. Without a pattern (audio) every whole block is encrypted.
 * Without `subsamples` the whole sample is the protected range.
 * `cbcChain`, when given, encrypts each `cbcs` chain from the IV in place
 * of a fresh `aesCbc` call (`encryptSamples` shares one cipher that way).
 */
export function encryptSample(
  data: Uint8Array,
  out: Uint8Array,
  v: { protection: TrackProtection; key: Uint8Array; iv: Uint8Array; subsamples?: readonly Subsample[]; cipher: BlockCipher; cbcChain?: (data: Uint8Array) => Uint8Array },
): void {
  if (out.byteLength !== data.byteLength) throw new MediaError('MALFORMED', `encryptSample: output of ${out.byteLength} bytes for a ${data.byteLength}-byte sample`);
  const ranges: [number, number][] = [];
  if (v.subsamples) {
    let at = 0;
    for (const s of v.subsamples) {
      at += s.clearBytes;
      if (s.protectedBytes > 0) ranges.push([at, at + s.protectedBytes]);
      at += s.protectedBytes;
    }
    if (at !== data.byteLength) throw new MediaError('MALFORMED', `subsample map covers ${at} bytes of a ${data.byteLength}-byte sample`);
  } else {
    ranges.push([0, data.byteLength]);
  }
  if (out !== data) out.set(data);
  const { protection, key, cipher } = v;
  if (protection.scheme === 'cenc') {
    // Every range but the last is whole blocks, so the ranges are one CTR stream from IV || 0.
    const encrypt = cipher.aesCtrStream(key, counterBlock(v.iv, 0));
    for (const [start, end] of ranges) {
      if (v.subsamples && (end - start) % 16 !== 0 && end !== ranges[ranges.length - 1][1]) {
        throw new MediaError('MALFORMED', `cenc protected range of ${end - start} bytes is not whole blocks`);
      }
      const range = out.subarray(start, end);
      encrypt(range, (encrypted) => range.set(encrypted));
    }
    return;
  }
  const chain = v.cbcChain ?? ((blocks: Uint8Array) => cipher.aesCbc(key, v.iv, blocks));
  const crypt = protection.cryptByteBlock;
  const skip = protection.skipByteBlock;
  for (const [start, end] of ranges) {
    const length = end - start;
    if (crypt === 0 && skip === 0) {
      const whole = length - (length % 16);
      if (whole > 0) out.set(chain(data.subarray(start, start + whole)), start);
      continue;
    }
    // Gather the pattern's encrypted blocks, chain them in one CBC call, scatter them back.
    const period = 16 * (crypt + skip);
    const picked: number[] = [];
    for (let at = start; at + 16 * crypt <= end; at += period) picked.push(at);
    if (picked.length === 0) continue;
    const gathered = new Uint8Array(picked.length * 16 * crypt);
    picked.forEach((at, i) => gathered.set(data.subarray(at, at + 16 * crypt), i * 16 * crypt));
    const encrypted = chain(gathered);
    picked.forEach((at, i) => out.set(encrypted.subarray(i * 16 * crypt, (i + 1) * 16 * crypt), at));
  }
}
