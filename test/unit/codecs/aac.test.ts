import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BitWriter } from '../../../src/media/bytes/BitWriter.ts';
import { readAdtsHeader } from '../../../src/media/codecs/aac/readAdtsHeader.ts';
import { readAdtsFrames } from '../../../src/media/codecs/aac/readAdtsFrames.ts';
import { readAudioSpecificConfig } from '../../../src/media/codecs/aac/readAudioSpecificConfig.ts';
import { writeAudioSpecificConfig } from '../../../src/media/codecs/aac/writeAudioSpecificConfig.ts';
import { aacCodecString } from '../../../src/media/codecs/aac/aacCodecString.ts';
import { demuxTransportStream } from '../../../src/media/mp2t/demuxTransportStream.ts';
import { avcAacTs } from './fixtures.ts';

/** A handmade ADTS header: AAC LC, 48 kHz, stereo, 20-byte frame, no CRC. */
const adts = Uint8Array.from([
  0xff, // syncword (high 8 bits)
  0xf1, // syncword low 4 bits 1111, ID 0 (MPEG-4), layer 00, protection_absent 1
  0x4c, // profile 01 (LC), sampling_frequency_index 0011 (48000), private_bit 0, channel_configuration high bit 0
  0x80, // channel_configuration low 2 bits 10 (= 2), original/home/copyright bits 0, frame_length bits 12..11 = 00
  0x02, // frame_length bits 10..3 = 0000 0010
  0x9f, // frame_length bits 2..0 = 100 (-> 20), adts_buffer_fullness high 5 bits 11111
  0xfc, // adts_buffer_fullness low 6 bits 111111 (0x7FF: VBR), number_of_raw_data_blocks_in_frame 00
]);

test('readAdtsHeader reads a handmade header', () => {
  assert.deepEqual(readAdtsHeader(adts, 0), {
    objectType: 2, samplingFrequencyIndex: 3, sampleRate: 48000, channelConfiguration: 2,
    frameLength: 20, headerLength: 7, rawDataBlocks: 0, samplesPerFrame: 1024,
  });
  const withCrc = adts.slice();
  withCrc[1] = 0xf0; // protection_absent 0: a 16-bit CRC follows
  assert.equal(readAdtsHeader(withCrc, 0).headerLength, 9);
});

test('readAdtsFrames splits frames and reports partial frames and lost sync', () => {
  const frame = new Uint8Array(20);
  frame.set(adts);
  frame.fill(0xaa, 7);
  const two = new Uint8Array(40);
  two.set(frame, 0);
  two.set(frame, 20);
  const frames = readAdtsFrames(two);
  assert.equal(frames.length, 2);
  assert.equal(frames[1].data.byteLength, 13);
  assert.equal(frames[1].data.byteOffset, 27);
  assert.throws(() => readAdtsFrames(two.subarray(0, 35)), { code: 'TRUNCATED', offset: 20 });
  const broken = two.slice();
  broken[20] = 0x00;
  assert.throws(() => readAdtsFrames(broken), { code: 'MALFORMED', offset: 20 });
});

test('writeAudioSpecificConfig: 48 kHz stereo AAC LC is 0x11 0x90, and reads back', () => {
  const asc = writeAudioSpecificConfig({ objectType: 2, samplingFrequencyIndex: 3, channelConfiguration: 2 });
  // 00010 (LC) 0011 (48 kHz) 0010 (stereo) 000 (GASpecificConfig flags)
  assert.deepEqual([...asc], [0x11, 0x90]);
  assert.deepEqual(readAudioSpecificConfig(asc), { objectType: 2, samplingFrequencyIndex: 3, sampleRate: 48000, channelConfiguration: 2 });
  for (const x of [{ objectType: 2, samplingFrequencyIndex: 4, channelConfiguration: 1 }, { objectType: 42, samplingFrequencyIndex: 11, channelConfiguration: 6 }]) {
    const back = readAudioSpecificConfig(writeAudioSpecificConfig(x));
    assert.deepEqual([back.objectType, back.samplingFrequencyIndex, back.channelConfiguration], [x.objectType, x.samplingFrequencyIndex, x.channelConfiguration]);
  }
  assert.equal(aacCodecString(2), 'mp4a.40.2');
});

test('readAudioSpecificConfig recognises HE-AAC v2 in hierarchical signalling', () => {
  const w = new BitWriter();
  w.bits(5, 29); // audioObjectType PS
  w.bits(4, 6); // samplingFrequencyIndex 24000 (core)
  w.bits(4, 2); // channelConfiguration
  w.bits(4, 3); // extensionSamplingFrequencyIndex 48000
  w.bits(5, 2); // audioObjectType LC
  w.bits(3, 0); // GASpecificConfig
  assert.deepEqual(readAudioSpecificConfig(w.finish()), {
    objectType: 2, samplingFrequencyIndex: 6, sampleRate: 24000, channelConfiguration: 2, extensionObjectType: 29, extensionSampleRate: 48000,
  });
});

test('readAudioSpecificConfig recognises HE-AAC in backward-compatible signalling', () => {
  const w = new BitWriter();
  w.bits(5, 2).bits(4, 6).bits(4, 2).bits(3, 0); // LC, 24 kHz, stereo, GASpecificConfig
  w.bits(11, 0x2b7).bits(5, 5).bits(1, 1).bits(4, 3); // syncExtensionType, SBR, sbrPresentFlag, 48 kHz
  assert.deepEqual(readAudioSpecificConfig(w.finish()), {
    objectType: 2, samplingFrequencyIndex: 6, sampleRate: 24000, channelConfiguration: 2, extensionObjectType: 5, extensionSampleRate: 48000,
  });
});

test('ffmpeg AAC in TS: ADTS frames cover the duration', () => {
  const ts = demuxTransportStream(avcAacTs());
  const audio = ts.streams.find((s) => s.codec === 'aac');
  assert.ok(audio);
  const frames = ts.pes.filter((p) => p.pid === audio.pid).flatMap((p) => readAdtsFrames(p.data));
  const h = frames[0].header;
  assert.deepEqual([h.objectType, h.sampleRate, h.channelConfiguration], [2, 48000, 2]);
  assert.deepEqual([...writeAudioSpecificConfig(h)], [0x11, 0x90]);
  const seconds = frames.reduce((s, f) => s + f.header.samplesPerFrame, 0) / 48000;
  // 2 s of audio plus the encoder's 1024-sample priming, rounded up to whole frames.
  assert.ok(seconds >= 2 && seconds <= 2.1, `ADTS duration ${seconds}`);
});
