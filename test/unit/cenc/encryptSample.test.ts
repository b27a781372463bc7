import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCipheriv } from 'node:crypto';
import { encryptSample } from '../../../src/media/cenc/encryptSample.ts';
import { counterBlock } from '../../../src/media/cenc/counterBlock.ts';
import { planTrackProtection } from '../../../src/media/cenc/planTrackProtection.ts';
import { computeSegmentIv } from '../../../src/media/cenc/computeSegmentIv.ts';
import { encryptSamples } from '../../../src/media/cenc/encryptSamples.ts';
import { trackCodeOf } from '../../../src/media/cenc/trackCodeOf.ts';
import { bytesFromHex } from '../../../src/media/cenc/bytesFromHex.ts';
import { NodeBlockCipher } from '../../../src/crypto/NodeBlockCipher.ts';
import { audioSamples, audioTrack, payload, videoSamples, videoTrack } from './support/syntheticAvc.ts';

const key = bytesFromHex('000102030405060708090a0b0c0d0e0f');
const kid = bytesFromHex('f0e0d0c0b0a090807060504030201000');
const constantIv = bytesFromHex('a0a1a2a3a4a5a6a7a8a9aaabacadaeaf');
const cbcsVideo = planTrackProtection({ scheme: 'cbcs', kind: 'video', kid, constantIv });
const cbcsAudio = planTrackProtection({ scheme: 'cbcs', kind: 'audio', kid, constantIv });
const cenc = planTrackProtection({ scheme: 'cenc', kind: 'video', kid });

function cbc(iv: Uint8Array, data: Uint8Array): Uint8Array {
  const c = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
  return new Uint8Array(Buffer.concat([c.update(data), c.final()]));
}

function ctr(counter: Uint8Array, data: Uint8Array): Uint8Array {
  return new Uint8Array(createCipheriv('aes-128-ctr', key, counter).update(data));
}

test('track protection: cbcs video 1:9 with the constant IV, cbcs audio 0:0, cenc 16-byte IVs and no pattern', () => {
  assert.deepEqual([cbcsVideo.cryptByteBlock, cbcsVideo.skipByteBlock, cbcsVideo.perSampleIvSize], [1, 9, 0]);
  assert.deepEqual([cbcsAudio.cryptByteBlock, cbcsAudio.skipByteBlock, cbcsAudio.perSampleIvSize], [0, 0, 0]);
  assert.deepEqual([cenc.cryptByteBlock, cenc.skipByteBlock, cenc.perSampleIvSize], [0, 0, 16]);
  assert.throws(() => planTrackProtection({ scheme: 'cbcs', kind: 'video', kid }), /constant IV/);
});

test('cbcs 1:9: the first block of every ten is encrypted, CBC-chained through the encrypted blocks only; the rest is untouched', () => {
  const data = payload(400);
  const out = new Uint8Array(400);
  encryptSample(data, out, { protection: cbcsVideo, key, iv: constantIv, subsamples: [{ clearBytes: 10, protectedBytes: 390 }], cipher: NodeBlockCipher });
  const picked = [10, 170, 330]; // 10 + 160k while a whole block fits before byte 400
  const expected = cbc(constantIv, Buffer.concat(picked.map((at) => data.subarray(at, at + 16))));
  picked.forEach((at, i) => assert.deepEqual(out.subarray(at, at + 16), expected.subarray(16 * i, 16 * i + 16), `block at ${at}`));
  const touched = new Set(picked.flatMap((at) => Array.from({ length: 16 }, (_, k) => at + k)));
  for (let i = 0; i < 400; i++) if (!touched.has(i)) assert.equal(out[i], data[i], `byte ${i} must stay clear`);
});

test('cbcs: the CBC chain restarts from the constant IV at every subsample', () => {
  const data = payload(96);
  const out = new Uint8Array(96);
  encryptSample(data, out, { protection: cbcsVideo, key, iv: constantIv, subsamples: [{ clearBytes: 8, protectedBytes: 40 }, { clearBytes: 8, protectedBytes: 40 }], cipher: NodeBlockCipher });
  assert.deepEqual(out.subarray(8, 24), cbc(constantIv, data.subarray(8, 24)));
  assert.deepEqual(out.subarray(56, 72), cbc(constantIv, data.subarray(56, 72)));
  assert.deepEqual(out.subarray(24, 56), data.subarray(24, 56));
});

test('cbcs audio (no pattern, no subsamples): every whole block encrypted, the trailing partial block clear', () => {
  const data = payload(37);
  const out = new Uint8Array(37);
  encryptSample(data, out, { protection: cbcsAudio, key, iv: constantIv, cipher: NodeBlockCipher });
  assert.deepEqual(out.subarray(0, 32), cbc(constantIv, data.subarray(0, 32)));
  assert.deepEqual(out.subarray(32), data.subarray(32));
});

test('cenc: the protected ranges of a sample are one CTR stream from IV || 0', () => {
  const data = payload(200);
  const out = new Uint8Array(200);
  const iv = computeSegmentIv(trackCodeOf('v1'), 7200);
  const subsamples = [
    { clearBytes: 5, protectedBytes: 64 },
    { clearBytes: 11, protectedBytes: 96 },
    { clearBytes: 24, protectedBytes: 0 },
  ];
  encryptSample(data, out, { protection: cenc, key, iv, subsamples, cipher: NodeBlockCipher });
  const stream = ctr(counterBlock(iv, 0), Buffer.concat([data.subarray(5, 69), data.subarray(80, 176)]));
  assert.deepEqual(out.subarray(5, 69), stream.subarray(0, 64));
  assert.deepEqual(out.subarray(80, 176), stream.subarray(64));
  for (const [from, to] of [
    [0, 5],
    [69, 80],
    [176, 200],
  ]) {
    assert.deepEqual(out.subarray(from, to), data.subarray(from, to));
  }
  // CTR is its own inverse.
  const back = new Uint8Array(200);
  encryptSample(out, back, { protection: cenc, key, iv, subsamples, cipher: NodeBlockCipher });
  assert.deepEqual(back, data);
});

test('cenc audio: the whole sample, partial last block included', () => {
  const data = payload(37);
  const out = new Uint8Array(37);
  const iv = computeSegmentIv(trackCodeOf('a1'), 1024);
  encryptSample(data, out, { protection: { ...cenc }, key, iv, cipher: NodeBlockCipher });
  assert.deepEqual(out, ctr(counterBlock(iv, 0), data));
});

test('a subsample map that does not cover the sample is MALFORMED', () => {
  assert.throws(() => encryptSample(payload(50), new Uint8Array(50), { protection: cenc, key, iv: new Uint8Array(8), subsamples: [{ clearBytes: 10, protectedBytes: 32 }], cipher: NodeBlockCipher }), /covers 42 bytes/);
});

test('counter blocks: 8-byte IV in the upper half, blocks counted in the lower half with carry', () => {
  const iv = bytesFromHex('0102030405060708');
  assert.deepEqual(counterBlock(iv, 0), bytesFromHex('01020304050607080000000000000000'));
  assert.deepEqual(counterBlock(iv, 0x1ff), bytesFromHex('010203040506070800000000000001ff'));
  assert.deepEqual(counterBlock(bytesFromHex('000000000000000000000000ffffffff'), 1), bytesFromHex('00000000000000000000000100000000'));
});

test('segment IVs: 16-bit track code, 48-bit source decode time, 64-bit block counter at 0; trick tracks have codes of their own', () => {
  assert.deepEqual(computeSegmentIv(trackCodeOf('v2'), 0x0123_4567_89ab), bytesFromHex('10020123456789ab0000000000000000'));
  assert.equal(trackCodeOf('a1'), 0x2001);
  assert.equal(trackCodeOf('i3'), 0x4003);
});

for (const [track, samples] of [
  [videoTrack, videoSamples()],
  [audioTrack, audioSamples()],
] as const) {
  test(`cenc segment (${track.kind}): one CTR stream; each sample's IV is its first counter block and decrypts it alone`, () => {
    const { samples: encrypted, entries } = encryptSamples(samples, { config: track.config, protection: cenc, key, cipher: NodeBlockCipher, trackCode: trackCodeOf(track.id), timeOffset: 1000 });
    let blocks = 0;
    encrypted.forEach((sample, i) => {
      assert.deepEqual(entries[i].iv, counterBlock(computeSegmentIv(trackCodeOf(track.id), samples[0].decodeTime + 1000), blocks), `sample ${i} IV`);
      const protectedBytes = entries[i].subsamples ? entries[i].subsamples!.reduce((n, s) => n + s.protectedBytes, 0) : sample.data.byteLength;
      blocks += Math.ceil(protectedBytes / 16);
      const back = new Uint8Array(sample.data.byteLength);
      encryptSample(sample.data, back, { protection: cenc, key, iv: entries[i].iv, subsamples: entries[i].subsamples, cipher: NodeBlockCipher });
      assert.deepEqual(back, samples[i].data, `sample ${i} decrypts with its own IV`);
      assert.notDeepEqual(sample.data, samples[i].data, `sample ${i} is encrypted`);
    });
  });
}
