import { createCipheriv, createDecipheriv } from 'node:crypto';
import { bytesFromHex } from '../../../src/media/cenc/bytesFromHex.ts';
import { NodeBlockCipher } from '../../../src/crypto/NodeBlockCipher.ts';
import type { SampleAesKey } from '../../../src/media/sampleaes/SampleAesKey.ts';

export const key = bytesFromHex('2b7e151628aed2a6abf7158809cf4f3c');
export const iv = bytesFromHex('000102030405060708090a0b0c0d0e0f');
export const sampleAesKey: SampleAesKey = { key, iv, cipher: NodeBlockCipher };

/** AES-128-CBC of whole blocks from `iv`, straight from OpenSSL: the independent computation tests compare with. */
export function cbc(data: Uint8Array, from = iv): Uint8Array {
  const c = createCipheriv('aes-128-cbc', key, from).setAutoPadding(false);
  return new Uint8Array(Buffer.concat([c.update(data), c.final()]));
}

function cbcDecrypt(data: Uint8Array): Uint8Array {
  const c = createDecipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
  return new Uint8Array(Buffer.concat([c.update(data), c.final()]));
}

/**
 * A SAMPLE-AES H.264 decryptor written the way ffmpeg's (libavformat/hls_sample_encryption.c)
 * and hls.js's are, not from Kinora's code: a received slice longer than 48 bytes loses its
 * 0x000003 emulation prevention bytes, then from byte 32 one block in ten is decrypted while
 * more than 16 bytes remain, one CBC chain per NAL unit from the IV; nothing is re-escaped.
 */
export function decryptNalUnit(received: Uint8Array): Uint8Array {
  const type = received[0] & 0x1f;
  if ((type !== 1 && type !== 5) || received.byteLength <= 48) return received;
  const unescaped: number[] = [];
  for (let i = 0; i < received.byteLength; i++) {
    if (i + 2 < received.byteLength && received[i] === 0 && received[i + 1] === 0 && received[i + 2] === 3) {
      unescaped.push(0, 0);
      i += 2;
      continue;
    }
    unescaped.push(received[i]);
  }
  const out = Uint8Array.from(unescaped);
  const positions: number[] = [];
  let at = 32;
  let remaining = out.byteLength - 32;
  while (remaining > 0) {
    if (remaining > 16) {
      positions.push(at);
      at += 16;
      remaining -= 16;
    }
    const skip = Math.min(144, remaining);
    at += skip;
    remaining -= skip;
  }
  const plain = cbcDecrypt(Uint8Array.from(positions.flatMap((p) => [...out.subarray(p, p + 16)])));
  positions.forEach((p, i) => out.set(plain.subarray(16 * i, 16 * i + 16), p));
  return out;
}

/** Deterministic bytes with many zeros, so that emulation prevention has work to do. */
export function zeroHeavy(size: number, seed: number): Uint8Array {
  let s = seed >>> 0 || 1;
  return Uint8Array.from({ length: size }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const r = s >>> 16;
    return r % 3 === 0 ? 0 : r % 5 === 0 ? r % 4 : r & 0xff;
  });
}
