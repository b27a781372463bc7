import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encryptWholeSegment } from '../../../src/media/cenc/encryptWholeSegment.ts';
import { mediaSequenceIv } from '../../../src/media/cenc/mediaSequenceIv.ts';
import { bytesFromHex } from '../../../src/media/cenc/bytesFromHex.ts';
import { NodeBlockCipher } from '../../../src/crypto/NodeBlockCipher.ts';
import { payload } from './support/syntheticAvc.ts';

const key = bytesFromHex('2b7e151628aed2a6abf7158809cf4f3c');

test('HLS AES-128: PKCS#7 padding to whole blocks, AES-CBC, and back', () => {
  for (const size of [188 * 3, 160, 1]) {
    const segment = payload(size);
    const iv = mediaSequenceIv(7);
    const encrypted = encryptWholeSegment(segment, key, iv, NodeBlockCipher);
    const pad = 16 - (size % 16);
    assert.equal(encrypted.byteLength, size + pad, `${size} bytes pad with ${pad}`);
    const plain = NodeBlockCipher.aesCbcDecrypt(key, iv, encrypted);
    assert.deepEqual(plain.subarray(size), new Uint8Array(pad).fill(pad));
    assert.deepEqual(plain.subarray(0, size), segment);
  }
});

test('the IV of a segment without an IV attribute is its Media Sequence Number, 128-bit big-endian (RFC 8216 5.2)', () => {
  assert.deepEqual(mediaSequenceIv(1), bytesFromHex('00000000000000000000000000000001'));
  assert.deepEqual(mediaSequenceIv(2 ** 32 + 5), bytesFromHex('00000000000000000000000100000005'));
});

test('NIST SP 800-38A F.2.1: AES-128-CBC through the BlockCipher port', () => {
  const iv = bytesFromHex('000102030405060708090a0b0c0d0e0f');
  const plain = bytesFromHex('6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51');
  assert.deepEqual(NodeBlockCipher.aesCbc(key, iv, plain), bytesFromHex('7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2'));
});

test('NIST SP 800-38A F.5.1: AES-128-CTR through the BlockCipher port', () => {
  const counter = bytesFromHex('f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff');
  const plain = bytesFromHex('6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51');
  assert.deepEqual(NodeBlockCipher.aesCtr(key, counter, plain), bytesFromHex('874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff'));
});
