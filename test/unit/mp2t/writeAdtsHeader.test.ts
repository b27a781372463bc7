import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeAdtsHeader } from '../../../src/media/codecs/aac/writeAdtsHeader.ts';
import { readAdtsHeader } from '../../../src/media/codecs/aac/readAdtsHeader.ts';
import { readAdtsFrames } from '../../../src/media/codecs/aac/readAdtsFrames.ts';
import { readAudioSpecificConfig } from '../../../src/media/codecs/aac/readAudioSpecificConfig.ts';
import { demuxTransportStream } from '../../../src/media/mp2t/demuxTransportStream.ts';
import { avcAacTs } from '../codecs/fixtures.ts';

test('writeAdtsHeader: annotated bytes for 48 kHz stereo AAC LC, round trip through readAdtsHeader', () => {
  const b = new Uint8Array(7);
  assert.equal(writeAdtsHeader(b, 0, { objectType: 2, samplingFrequencyIndex: 3, channelConfiguration: 2, frameLength: 371 }), 7);
  assert.deepEqual(Array.from(b), [
    0xff, // syncword bits 11..4
    0xf1, // syncword bits 3..0, ID 0 (MPEG-4), layer 00, protection_absent 1
    0x4c, // profile 01 (LC), sampling_frequency_index 0011 (48 kHz), private_bit 0, channel_configuration bit 2 = 0
    0x80, // channel_configuration bits 1..0 = 10, original/copy 0, home 0, copyright bits 0, aac_frame_length bits 12..11 = 00
    0x2e, // aac_frame_length bits 10..3: 371 = 0b00101110_011
    0x7f, // aac_frame_length bits 2..0 = 011, adts_buffer_fullness bits 10..6 = 11111
    0xfc, // adts_buffer_fullness bits 5..0 = 111111 (VBR), number_of_raw_data_blocks_in_frame 00
  ]);
  assert.deepEqual(readAdtsHeader(b, 0), {
    objectType: 2, samplingFrequencyIndex: 3, sampleRate: 48000, channelConfiguration: 2,
    frameLength: 371, headerLength: 7, rawDataBlocks: 0, samplesPerFrame: 1024,
  });
  // The largest frame and a 7.1 layout (channel_configuration 7 spans the byte boundary).
  writeAdtsHeader(b, 0, { objectType: 1, samplingFrequencyIndex: 11, channelConfiguration: 7, frameLength: 8191 });
  const h = readAdtsHeader(b, 0);
  assert.deepEqual([h.objectType, h.sampleRate, h.channelConfiguration, h.frameLength], [1, 8000, 7, 8191]);
});

test('writeAdtsHeader rewrites the headers ffmpeg wrote, from the frames alone', () => {
  const ts = demuxTransportStream(avcAacTs());
  const frames = ts.pes.filter((p) => p.pid === 0x101).flatMap((p) => {
    const out: Uint8Array[] = [];
    for (let at = 0; at < p.data.byteLength; at += readAdtsHeader(p.data, at).frameLength) out.push(p.data.subarray(at, at + readAdtsHeader(p.data, at).frameLength));
    return out;
  });
  assert.ok(frames.length > 80);
  const ours = new Uint8Array(7);
  for (const frame of frames) {
    const theirs = readAdtsHeader(frame, 0);
    writeAdtsHeader(ours, 0, { ...theirs, frameLength: frame.byteLength });
    // ffmpeg's adts writer uses the same fixed fields (ID 0, fullness 0x7FF), so whole headers match.
    assert.deepEqual(ours, frame.subarray(0, 7));
  }
});

test('writeAdtsHeader refuses what ADTS cannot express', () => {
  const b = new Uint8Array(7);
  const ok = { objectType: 2, samplingFrequencyIndex: 3, channelConfiguration: 2, frameLength: 100 };
  assert.throws(() => writeAdtsHeader(b, 0, { ...ok, objectType: 5 }), { code: 'UNSUPPORTED' });
  assert.throws(() => writeAdtsHeader(b, 0, { ...ok, samplingFrequencyIndex: 15 }), { code: 'UNSUPPORTED' });
  assert.throws(() => writeAdtsHeader(b, 0, { ...ok, channelConfiguration: 0 }), { code: 'UNSUPPORTED' });
  assert.throws(() => writeAdtsHeader(b, 0, { ...ok, frameLength: 8192 }), { code: 'UNSUPPORTED' });
  // HE-AAC (explicit SBR signalling) is written as its AAC LC core at the core rate.
  const heAac = readAudioSpecificConfig(Uint8Array.from([0x2b, 0x11, 0x88, 0x00])); // objectType 5, 24 kHz, stereo, SBR at 48 kHz, then AAC LC
  assert.equal(heAac.objectType, 2);
  writeAdtsHeader(b, 0, { ...heAac, frameLength: 7 });
  assert.equal(readAdtsFrames(b)[0].header.sampleRate, 24000);
});
