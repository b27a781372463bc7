import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writePat } from '../../../src/media/mp2t/writePat.ts';
import { writePmt } from '../../../src/media/mp2t/writePmt.ts';
import { writeSectionPacket } from '../../../src/media/mp2t/writeSectionPacket.ts';
import { readPat } from '../../../src/media/mp2t/readPat.ts';
import { readPmt } from '../../../src/media/mp2t/readPmt.ts';
import { crc32Mpeg2 } from '../../../src/media/mp2t/crc32Mpeg2.ts';
import { avcAacTs } from '../codecs/fixtures.ts';

test('writePat: annotated bytes, CRC and round trip through readPat', () => {
  const pat = { transportStreamId: 1, versionNumber: 0, currentNextIndicator: true, programs: [{ programNumber: 1, pmtPid: 0x1000 }] };
  const section = writePat(pat);
  assert.deepEqual(Array.from(section), [
    0x00, // table_id: program_association_section
    0xb0, 0x0d, // section_syntax_indicator 1, '0', reserved '11', section_length 13
    0x00, 0x01, // transport_stream_id 1
    0xc1, // reserved '11', version_number 0, current_next_indicator 1
    0x00, 0x00, // section_number, last_section_number
    0x00, 0x01, 0xf0, 0x00, // program_number 1 -> reserved '111' + program_map_PID 0x1000
    0x2a, 0xb1, 0x04, 0xb2, // CRC_32 (the value every ffmpeg-made TS carries for this PAT)
  ]);
  assert.equal(crc32Mpeg2(section), 0, 'CRC over the whole section is 0');
  assert.deepEqual(readPat(section), pat);
});

test('writePmt: annotated bytes, CRC and round trip through readPmt', () => {
  const section = writePmt({
    programNumber: 1, versionNumber: 0, currentNextIndicator: true, pcrPid: 0x100,
    streams: [{ streamType: 0x1b, pid: 0x100 }, { streamType: 0x0f, pid: 0x101 }],
  });
  assert.deepEqual(Array.from(section), [
    0x02, // table_id: TS_program_map_section
    0xb0, 0x17, // section_syntax_indicator 1, '0', reserved '11', section_length 23
    0x00, 0x01, // program_number 1
    0xc1, // reserved '11', version_number 0, current_next_indicator 1
    0x00, 0x00, // section_number, last_section_number
    0xe1, 0x00, // reserved '111', PCR_PID 0x100
    0xf0, 0x00, // reserved '1111', program_info_length 0
    0x1b, 0xe1, 0x00, 0xf0, 0x00, // stream_type H.264, elementary_PID 0x100, ES_info_length 0
    0x0f, 0xe1, 0x01, 0xf0, 0x00, // stream_type AAC ADTS, elementary_PID 0x101, ES_info_length 0
    0x2f, 0x44, 0xb9, 0x9b, // CRC_32
  ]);
  assert.equal(crc32Mpeg2(section), 0);
  const pmt = readPmt(section);
  assert.equal(pmt.pcrPid, 0x100);
  assert.deepEqual(pmt.streams.map((s) => [s.streamType, s.pid, s.codec, s.esInfo.byteLength]), [[0x1b, 0x100, 'avc', 0], [0x0f, 0x101, 'aac', 0]]);

  // ES_info descriptors are copied verbatim: an ISO_639_language_descriptor (tag 0x0A).
  const esInfo = Uint8Array.from([0x0a, 0x04, 0x65, 0x6e, 0x67, 0x00]);
  const withLanguage = readPmt(writePmt({ programNumber: 7, versionNumber: 3, currentNextIndicator: true, pcrPid: 0x101, streams: [{ streamType: 0x0f, pid: 0x101, esInfo }] }));
  assert.deepEqual([withLanguage.programNumber, withLanguage.versionNumber, withLanguage.pcrPid], [7, 3, 0x101]);
  assert.deepEqual(Array.from(withLanguage.streams[0].esInfo), Array.from(esInfo));
});

test('writeSectionPacket gives the PAT and PMT packets ffmpeg writes, byte for byte', () => {
  const ffmpeg = avcAacTs();
  // ffmpeg's mpegts muxer: SDT (PID 0x11), PAT, PMT at the head of the stream, with continuity_counter 0.
  const pat = new Uint8Array(188);
  writeSectionPacket(pat, 0, { pid: 0, continuityCounter: 0, section: writePat({ transportStreamId: 1, versionNumber: 0, currentNextIndicator: true, programs: [{ programNumber: 1, pmtPid: 0x1000 }] }) });
  assert.deepEqual(pat, ffmpeg.subarray(188, 376));
  const pmt = new Uint8Array(188);
  const pmtSection = writePmt({ programNumber: 1, versionNumber: 0, currentNextIndicator: true, pcrPid: 0x100, streams: [{ streamType: 0x1b, pid: 0x100 }, { streamType: 0x0f, pid: 0x101 }] });
  writeSectionPacket(pmt, 0, { pid: 0x1000, continuityCounter: 0, section: pmtSection });
  assert.deepEqual(pmt, ffmpeg.subarray(376, 564));

  const again = new Uint8Array(188);
  writeSectionPacket(again, 0, { pid: 0x1000, continuityCounter: 17, section: pmtSection });
  assert.deepEqual(Array.from(again.subarray(0, 5)), [0x47, 0x50, 0x00, 0x11, 0x00], 'sync, PUSI + PID 0x1000, payload only + CC 17 mod 16, pointer_field');
  assert.throws(() => writeSectionPacket(again, 0, { pid: 0, continuityCounter: 0, section: new Uint8Array(184) }), { code: 'UNSUPPORTED' });
});
