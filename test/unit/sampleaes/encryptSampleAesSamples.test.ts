import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encryptSampleAesAudioFrame } from '../../../src/media/sampleaes/encryptSampleAesAudioFrame.ts';
import { encryptSampleAesSamples } from '../../../src/media/sampleaes/encryptSampleAesSamples.ts';
import { writeAudioSetupInformation } from '../../../src/media/sampleaes/writeAudioSetupInformation.ts';
import { readAudioSpecificConfig } from '../../../src/media/codecs/aac/readAudioSpecificConfig.ts';
import type { Sample } from '../../../src/media/model/Sample.ts';
import { encryptSampleAesNalUnit } from '../../../src/media/sampleaes/encryptSampleAesNalUnit.ts';
import { aud, escapeRbsp, idrSlice, pSlice, payload, sampleOf } from '../cenc/support/syntheticAvc.ts';
import { cbc, decryptNalUnit, sampleAesKey, zeroHeavy } from './support.ts';

test('an AAC frame of 100 bytes: 16 clear, five whole blocks chained from the IV, the last 4 bytes clear', () => {
  const frame = payload(100, 0x33);
  const out = encryptSampleAesAudioFrame(frame, sampleAesKey);
  assert.equal(out.byteLength, 100);
  assert.deepEqual(out.subarray(0, 16), frame.subarray(0, 16), 'unencrypted_leader');
  assert.deepEqual(out.subarray(16, 96), cbc(frame.subarray(16, 96)), 'encrypted_block x 5');
  assert.deepEqual(out.subarray(96), frame.subarray(96), 'unencrypted_trailer');
  assert.deepEqual(frame, payload(100, 0x33), 'the input is untouched');
});

test('AAC frames shorter than 32 bytes stay clear; 32 bytes encrypt one block', () => {
  for (const size of [0, 1, 16, 17, 31]) assert.deepEqual(encryptSampleAesAudioFrame(payload(size), sampleAesKey), payload(size), `${size} bytes`);
  const frame = payload(32);
  assert.deepEqual(encryptSampleAesAudioFrame(frame, sampleAesKey), Uint8Array.from([...frame.subarray(0, 16), ...cbc(frame.subarray(16, 32))]));
});

test('samples of a segment: every AAC frame and every slice restarts its chain from the IV, through one shared cipher', () => {
  const frame = payload(80, 0x44);
  const audio: Sample[] = [0, 1, 2].map((i) => ({ decodeTime: i * 1024, compositionOffset: 0, duration: 1024, isSync: true, data: frame }));
  const encryptedAudio = encryptSampleAesSamples(audio, { ...sampleAesKey, codec: 'aac' });
  const once = Uint8Array.from([...frame.subarray(0, 16), ...cbc(frame.subarray(16, 80))]);
  encryptedAudio.forEach((s, i) => assert.deepEqual(s.data, once, `frame ${i}: the same bytes as the first (IV restarted)`));
  assert.deepEqual(encryptedAudio.map((s) => s.decodeTime), [0, 1024, 2048]);

  const slice = idrSlice(payload(300, 0x21));
  const p = pSlice(payload(200, 0x22));
  const video: Sample[] = [{ decodeTime: 0, compositionOffset: 0, duration: 3600, isSync: true, data: sampleOf(aud, slice, slice, p) }];
  const [encrypted] = encryptSampleAesSamples(video, { ...sampleAesKey, codec: 'avc' });
  const view = new DataView(encrypted.data.buffer, encrypted.data.byteOffset, encrypted.data.byteLength);
  const nals: Uint8Array[] = [];
  for (let at = 0; at < encrypted.data.byteLength; at += 4 + view.getUint32(at)) nals.push(encrypted.data.subarray(at + 4, at + 4 + view.getUint32(at)));
  assert.equal(nals.length, 4, 'the length fields frame the (possibly longer) encrypted NAL units');
  assert.deepEqual(nals[0], aud, 'the access unit delimiter is clear');
  assert.deepEqual(nals[1], nals[2], 'two equal slices encrypt alike: each chain starts from the IV');
  assert.notDeepEqual(nals[1], slice);
  assert.deepEqual([decryptNalUnit(nals[1]), decryptNalUnit(nals[3])], [slice, p]);
  assert.equal(encrypted.isSync, true);
});

test('samples whose slices need emulation prevention grow: the length fields follow, and each NAL unit is what encryptSampleAesNalUnit makes', () => {
  const samples: Sample[] = [];
  const stored: Uint8Array[][] = [];
  for (let i = 0; i < 40; i++) {
    const nals = [aud, ...[0, 1, 2].map((k) => Uint8Array.from([k === 0 ? 0x65 : 0x41, ...escapeRbsp(Uint8Array.from([...zeroHeavy(100 + 97 * k + i, i * 3 + k + 1), 0x80]))]))];
    stored.push(nals);
    samples.push({ decodeTime: i * 3600, compositionOffset: 0, duration: 3600, isSync: i === 0, data: sampleOf(...nals) });
  }
  const encrypted = encryptSampleAesSamples(samples, { ...sampleAesKey, codec: 'avc' });
  let grown = 0;
  encrypted.forEach((sample, i) => {
    if (sample.data.byteLength > samples[i].data.byteLength) grown++;
    assert.deepEqual(sample.data, sampleOf(...stored[i].map((nal) => encryptSampleAesNalUnit(nal, sampleAesKey))), `sample ${i}`);
  });
  assert.ok(grown > 10, `only ${grown} of 40 samples needed emulation prevention`);
});

test('a sample whose NAL unit lengths overrun it is MALFORMED', () => {
  const data = Uint8Array.from([0, 0, 0, 60, 0x65, 1, 2]);
  assert.throws(() => encryptSampleAesSamples([{ decodeTime: 0, compositionOffset: 0, duration: 1, isSync: true, data }], { ...sampleAesKey, codec: 'avc' }), (e: Error & { code?: string }) => e.code === 'MALFORMED');
});

test('audio setup information: audio_type by AAC profile, priming 0, version 1, the AudioSpecificConfig as setup_data', () => {
  assert.deepEqual(Array.from(writeAudioSetupInformation({ codec: 'aac', audioSpecificConfig: Uint8Array.from([0x11, 0x90]) })), [
    0x7a, 0x61, 0x61, 0x63, // audio_type 'zaac' (AAC LC, 48 kHz stereo)
    0x00, 0x00, // priming
    0x01, // version
    0x02, // setup_data_length
    0x11, 0x90, // setup_data: the AudioSpecificConfig
  ]);
  // HE-AAC, explicit signalling: object type 5 (SBR), 22.05 kHz core, stereo, 44.1 kHz extension, AAC LC.
  assert.deepEqual(Array.from(writeAudioSetupInformation({ codec: 'aac', audioSpecificConfig: Uint8Array.from([0x2b, 0x92, 0x08, 0x00]) })), [0x7a, 0x61, 0x63, 0x68, 0, 0, 1, 4, 0x2b, 0x92, 0x08, 0x00]);
  // HE-AAC v2: 11101 (29, PS) 0110 (24 kHz) 0001 (mono) 0011 (48 kHz) 00010 (AAC LC), zero padding.
  const v2 = Uint8Array.from([0xeb, 0x09, 0x88]);
  assert.equal(readAudioSpecificConfig(v2).extensionObjectType, 29);
  assert.deepEqual(Array.from(writeAudioSetupInformation({ codec: 'aac', audioSpecificConfig: v2 }).subarray(0, 4)), [0x7a, 0x61, 0x63, 0x70], "'zacp'");
});
