import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sampleAesPmtEntry } from '../../../src/media/mp2t/sampleAesPmtEntry.ts';
import { writePmt } from '../../../src/media/mp2t/writePmt.ts';
import { readPmt } from '../../../src/media/mp2t/readPmt.ts';
import { writeTransportStreamSegment } from '../../../src/media/mp2t/writeTransportStreamSegment.ts';
import { demuxTransportStream } from '../../../src/media/mp2t/demuxTransportStream.ts';
import { readVideoAccessUnit } from '../../../src/media/mp2t/readVideoAccessUnit.ts';
import { tsSegmentPids } from '../../../src/media/mp2t/tsSegmentPids.ts';
import { readAdtsFrames } from '../../../src/media/codecs/aac/readAdtsFrames.ts';
import { encryptSampleAesSamples } from '../../../src/media/sampleaes/encryptSampleAesSamples.ts';
import type { Track } from '../../../src/media/model/Track.ts';
import type { CodecConfig } from '../../../src/media/model/CodecConfig.ts';
import { audioSamples, audioTrack, videoSamples, videoTrack } from '../cenc/support/syntheticAvc.ts';
import { sampleAesKey } from './support.ts';

/** CRC-32/MPEG-2 (ISO/IEC 13818-1 Annex A: polynomial 0x04C11DB7, initial 0xFFFFFFFF, no reflection), bit by bit. */
function crc32(bytes: Iterable<number>): number[] {
  let crc = 0xffffffff;
  for (const b of bytes) {
    for (let bit = 7; bit >= 0; bit--) {
      const top = ((crc >>> 31) ^ (b >> bit)) & 1;
      crc = ((crc << 1) ^ (top ? 0x04c11db7 : 0)) >>> 0;
    }
  }
  return [crc >>> 24, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff];
}

test('PMT entries of SAMPLE-AES streams: 0xDB with zavc, 0xCF with aacd and the apad audio setup information', () => {
  const video = sampleAesPmtEntry(videoTrack.config);
  assert.equal(video.streamType, 0xdb);
  assert.deepEqual(Array.from(video.esInfo), [
    0x0f, 0x04, 0x7a, 0x61, 0x76, 0x63, // private_data_indicator_descriptor: tag 0x0F, length 4, 'zavc'
  ]);
  const audio = sampleAesPmtEntry(audioTrack.config);
  assert.equal(audio.streamType, 0xcf);
  assert.deepEqual(Array.from(audio.esInfo), [
    0x0f, 0x04, 0x61, 0x61, 0x63, 0x64, // private_data_indicator_descriptor: 'aacd'
    0x05, 0x0e, // registration_descriptor: tag 0x05, length 14
    0x61, 0x70, 0x61, 0x64, // format_identifier 'apad'
    0x7a, 0x61, 0x61, 0x63, 0x00, 0x00, 0x01, 0x02, 0x11, 0x90, // audio setup information: 'zaac', priming 0, version 1, 2 bytes of AudioSpecificConfig
  ]);
  const hevc: CodecConfig = { codec: 'hevc', vps: [], sps: [], pps: [] };
  assert.throws(() => sampleAesPmtEntry(hevc), (e: Error & { code?: string }) => e.code === 'UNSUPPORTED' && e.message.includes('hevc'));
});

test('SAMPLE-AES Dolby PMT entries: AC-3 0xC1 with a syncframe header as setup data, E-AC-3 0xC2 with the dec3 payload', () => {
  // dac3 payload: fscod 0 (48 kHz), bsid 8, bsmod 0, acmod 2 (2/0), lfeon 0, bit_rate_code 10 (192 kbit/s), reserved.
  const ac3 = sampleAesPmtEntry({ codec: 'ac3', dac3: Uint8Array.from([0x10, 0x11, 0x40]) });
  assert.equal(ac3.streamType, 0xc1);
  assert.deepEqual(Array.from(ac3.esInfo), [
    0x0f, 0x04, 0x61, 0x63, 0x33, 0x64, // private_data_indicator_descriptor: 'ac3d'
    0x05, 0x16, // registration_descriptor: tag 0x05, length 22
    0x61, 0x70, 0x61, 0x64, // format_identifier 'apad'
    0x7a, 0x61, 0x63, 0x33, 0x00, 0x00, 0x01, 0x0a, // 'zac3', priming 0, version 1, 10 bytes of setup data
    0x0b, 0x77, // syncword
    0x00, 0x00, // crc1 (not checked by readers of setup data)
    0x14, // fscod 00, frmsizecod 010100 (20 = 2 x bit_rate_code 10)
    0x40, // bsid 01000, bsmod 000
    0x43, // acmod 010, dsurmod 00, lfeon 0, dialnorm 11...
    0xe1, // ...111 (31), compre 0, langcode 0, audprodie 0, copyrightb 0, origbs 1
    0x00, // timecod1e 0, timecod2e 0, addbsie 0, padding
    0x00,
  ]);
  const dec3 = Uint8Array.from([0x06, 0x00, 0x20, 0x0f, 0x00]);
  const ec3 = sampleAesPmtEntry({ codec: 'ec3', dec3 });
  assert.equal(ec3.streamType, 0xc2);
  assert.deepEqual(Array.from(ec3.esInfo.subarray(0, 6)), [0x0f, 0x04, 0x65, 0x63, 0x33, 0x64], "'ec3d'");
  assert.deepEqual(Array.from(ec3.esInfo.subarray(12)), [0x7a, 0x65, 0x63, 0x33, 0, 0, 1, 5, ...dec3], "'zec3' and the dec3 payload");
});

test('the PMT with both SAMPLE-AES entries: annotated bytes, an independently computed CRC, and readPmt reads it back', () => {
  const video = sampleAesPmtEntry(videoTrack.config);
  const audio = sampleAesPmtEntry(audioTrack.config);
  const section = writePmt({ programNumber: 1, versionNumber: 0, currentNextIndicator: true, pcrPid: 0x100, streams: [{ ...video, pid: 0x100 }, { ...audio, pid: 0x101 }] });
  const body = [
    0x02, // table_id: TS_program_map_section
    0xb0, 0x33, // section_syntax_indicator 1, '0', reserved '11', section_length 51
    0x00, 0x01, // program_number 1
    0xc1, // reserved '11', version_number 0, current_next_indicator 1
    0x00, 0x00, // section_number, last_section_number
    0xe1, 0x00, // reserved '111', PCR_PID 0x100
    0xf0, 0x00, // reserved '1111', program_info_length 0
    0xdb, 0xe1, 0x00, 0xf0, 0x06, // stream_type SAMPLE-AES H.264, elementary_PID 0x100, ES_info_length 6
    0x0f, 0x04, 0x7a, 0x61, 0x76, 0x63, //   'zavc'
    0xcf, 0xe1, 0x01, 0xf0, 0x16, // stream_type SAMPLE-AES ADTS AAC, elementary_PID 0x101, ES_info_length 22
    0x0f, 0x04, 0x61, 0x61, 0x63, 0x64, //   'aacd'
    0x05, 0x0e, 0x61, 0x70, 0x61, 0x64, 0x7a, 0x61, 0x61, 0x63, 0x00, 0x00, 0x01, 0x02, 0x11, 0x90, //   'apad' + audio setup information
  ];
  assert.deepEqual(Array.from(section), [...body, ...crc32(body)]);
  assert.ok(section.byteLength <= 183, "Apple 3.0: the PMT fits one transport packet's payload");
  const read = readPmt(section);
  assert.deepEqual(read.streams.map((s) => [s.streamType, s.pid, Array.from(s.esInfo)]), [[0xdb, 0x100, Array.from(video.esInfo)], [0xcf, 0x101, Array.from(audio.esInfo)]]);
});

/** A sample without its access unit delimiters, which the TS writer replaces by its own (and readers drop). */
function withoutAud(data: Uint8Array): Uint8Array {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const kept: number[] = [];
  for (let at = 0; at < data.byteLength; at += 4 + view.getUint32(at)) {
    if ((data[at + 4] & 0x1f) !== 9) kept.push(...data.subarray(at, at + 4 + view.getUint32(at)));
  }
  return Uint8Array.from(kept);
}

test('a SAMPLE-AES TS segment carries exactly the encrypted samples, under the SAMPLE-AES PMT, with the clear layout otherwise', () => {
  const tracks = [{ track: videoTrack, samples: videoSamples() }, { track: audioTrack, samples: audioSamples() }];
  const clear = writeTransportStreamSegment({ tracks });
  const encrypted = writeTransportStreamSegment({ tracks, sampleAes: sampleAesKey });
  const demuxed = demuxTransportStream(encrypted.bytes);
  assert.deepEqual(demuxed.streams.map((s) => s.streamType), [0xdb, 0xcf]);
  const expectedVideo = encryptSampleAesSamples(videoSamples(), { ...sampleAesKey, codec: 'avc' });
  const expectedAudio = encryptSampleAesSamples(audioSamples(), { ...sampleAesKey, codec: 'aac' });
  const videoPes = demuxed.pes.filter((p) => p.pid === tsSegmentPids.video);
  assert.deepEqual(videoPes.map((p) => readVideoAccessUnit(p.data, 'avc').data), expectedVideo.map((s) => withoutAud(s.data)));
  assert.notDeepEqual(expectedVideo[0].data, videoSamples()[0].data, 'the IDR slice is long enough to be encrypted');
  const frames = demuxed.pes.filter((p) => p.pid === tsSegmentPids.firstAudio).flatMap((p) => readAdtsFrames(p.data));
  assert.deepEqual(frames.map((f) => f.data), expectedAudio.map((s) => s.data));
  assert.deepEqual(frames.map((f) => f.header.frameLength), audioSamples().map((s) => 7 + s.data.byteLength), 'ADTS headers stay clear and count the same bytes');
  // Times, keyframe ranges and packet count are the clear segment's (no slice here needed emulation prevention).
  const clearDemuxed = demuxTransportStream(clear.bytes);
  assert.deepEqual(demuxed.pes.map((p) => [p.pid, p.pts, p.dts]), clearDemuxed.pes.map((p) => [p.pid, p.pts, p.dts]));
  assert.deepEqual(encrypted.keyframes, clear.keyframes);
  assert.equal(encrypted.bytes.byteLength, clear.bytes.byteLength);
});

test('SAMPLE-AES refuses what it does not cover, naming the track, before writing anything', () => {
  const hevc: Track = { ...videoTrack, id: 'v7', codecString: 'hvc1.1.6.L93.B0', config: { codec: 'hevc', vps: [], sps: videoTrack.config.codec === 'avc' ? videoTrack.config.sps : [], pps: [] } };
  assert.throws(() => writeTransportStreamSegment({ tracks: [{ track: hevc, samples: [] }], sampleAes: sampleAesKey }), (e: Error & { code?: string; subject?: string }) => e.code === 'UNSUPPORTED' && e.subject === 'v7' && /track v7: .*H\.264 video and AAC, AC-3 and E-AC-3 audio, found H\.265/.test(e.message));
});
