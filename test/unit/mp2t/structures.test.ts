import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readTsPacketHeader } from '../../../src/media/mp2t/readTsPacketHeader.ts';
import { readAdaptationField } from '../../../src/media/mp2t/readAdaptationField.ts';
import { readPesHeader } from '../../../src/media/mp2t/readPesHeader.ts';
import { readPat } from '../../../src/media/mp2t/readPat.ts';
import { readPmt } from '../../../src/media/mp2t/readPmt.ts';
import { crc32Mpeg2 } from '../../../src/media/mp2t/crc32Mpeg2.ts';
import { unwrapTimestamp } from '../../../src/media/mp2t/unwrapTimestamp.ts';
import { StreamType } from '../../../src/media/mp2t/StreamType.ts';

test('readTsPacketHeader', () => {
  const packet = Uint8Array.from([
    0x47, // sync_byte
    0x41, // transport_error 0, payload_unit_start 1, priority 0, PID high 5 bits 00001
    0x00, // PID low 8 bits -> 0x100
    0x35, // scrambling 00, adaptation_field_control 11 (both), continuity_counter 5
  ]);
  const h = readTsPacketHeader(packet, 0);
  assert.deepEqual([h.pid, h.payloadUnitStartIndicator, h.adaptationFieldControl, h.continuityCounter, h.hasAdaptationField, h.hasPayload], [0x100, true, 3, 5, true, true]);
  assert.throws(() => readTsPacketHeader(Uint8Array.from([0x48, 0, 0, 0x10]), 0), { code: 'MALFORMED', offset: 0 });
});

test('readAdaptationField reads the 33-bit PCR base and extension', () => {
  // PCR base 0x1_2345_6789 (> 2^32), extension 0x123
  const base = 0x1_2345_6789;
  const af = Uint8Array.from([
    7, // adaptation_field_length
    0x50, // random_access_indicator, PCR_flag
    Math.floor(base / 2 ** 25) & 0xff, // base bits 32..25 -> 0x91
    Math.floor(base / 2 ** 17) & 0xff, // base bits 24..17
    Math.floor(base / 2 ** 9) & 0xff, // base bits 16..9
    Math.floor(base / 2) & 0xff, // base bits 8..1
    ((base & 1) << 7) | 0x7e | (0x123 >> 8), // base bit 0, 6 reserved bits, extension bit 8
    0x23, // extension bits 7..0
  ]);
  const f = readAdaptationField(af, 0);
  assert.equal(f.randomAccessIndicator, true);
  assert.equal(f.discontinuityIndicator, false);
  assert.equal(f.pcrBase, base);
  assert.equal(f.pcrExtension, 0x123);
  assert.equal(f.pcr, base * 300 + 0x123);
});

test('readPesHeader reads a handmade video PES header with PTS and DTS', () => {
  // PTS = 0x1_0000_0001 (needs the 33rd bit), DTS = 90000
  const pes = Uint8Array.from([
    0x00, 0x00, 0x01, // packet_start_code_prefix
    0xe0, // stream_id: video stream 0
    0x00, 0x00, // PES_packet_length 0: unbounded (video)
    0x84, // '10', scrambling 00, priority 0, data_alignment_indicator 1, copyright 0, original 0
    0xc0, // PTS_DTS_flags '11', other flags 0
    0x0a, // PES_header_data_length 10
    0x39, // '0011', PTS[32..30] = 100, marker
    0x00, 0x01, // PTS[29..15] = 0, marker
    0x00, 0x03, // PTS[14..0] = 1, marker
    0x11, // '0001', DTS[32..30] = 000, marker
    0x00, 0x05, // DTS[29..15] = 2 (2 * 32768 = 65536), marker
    0xbf, 0x21, // DTS[14..0] = 0x5f90 = 24464, marker -> 65536 + 24464 = 90000
    0xaa, // first payload byte
  ]);
  const h = readPesHeader(pes);
  assert.deepEqual(h, { streamId: 0xe0, packetLength: 0, dataAlignmentIndicator: true, headerLength: 19, pts: 0x1_0000_0001, dts: 90000 });
  assert.equal(pes[h.headerLength], 0xaa);
  assert.throws(() => readPesHeader(pes.subarray(0, 12)), { code: 'TRUNCATED' });
  assert.throws(() => readPesHeader(Uint8Array.from([0, 0, 2, 0xe0, 0, 0, 0x80, 0, 0])), { code: 'MALFORMED' });
});

test('crc32Mpeg2 check value and a handmade PAT', () => {
  assert.equal(crc32Mpeg2(new TextEncoder().encode('123456789')), 0x0376e6e7, 'CRC-32/MPEG-2 check value');
  const body = [
    0x00, // table_id: program_association_section
    0xb0, 0x0d, // section_syntax_indicator 1, '0', reserved '11', section_length 13
    0x00, 0x01, // transport_stream_id 1
    0xc1, // reserved '11', version_number 0, current_next_indicator 1
    0x00, 0x00, // section_number, last_section_number
    0x00, 0x01, 0xf0, 0x00, // program_number 1 -> reserved '111', program_map_PID 0x1000
  ];
  const crc = crc32Mpeg2(Uint8Array.from(body));
  const section = Uint8Array.from([...body, crc >>> 24, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff]);
  assert.deepEqual([...section.subarray(12)], [0x2a, 0xb1, 0x04, 0xb2], 'the CRC ffmpeg writes for this PAT');
  assert.deepEqual(readPat(section), { transportStreamId: 1, versionNumber: 0, currentNextIndicator: true, programs: [{ programNumber: 1, pmtPid: 0x1000 }] });
  section[10] ^= 1;
  assert.throws(() => readPat(section, 188), { code: 'MALFORMED', offset: 188 });
});

test('readPmt maps stream types to codecs', () => {
  const body = [
    0x02, 0xb0, 0x00, // table_id PMT, section_length patched below
    0x00, 0x01, 0xc1, 0x00, 0x00, // program_number 1, version 0, current, section 0/0
    0xe1, 0x00, // PCR_PID 0x100
    0xf0, 0x00, // program_info_length 0
    StreamType.AVC, 0xe1, 0x00, 0xf0, 0x00, // PID 0x100
    StreamType.AAC_ADTS, 0xe1, 0x01, 0xf0, 0x00, // PID 0x101
    StreamType.PRIVATE_PES, 0xe1, 0x02, 0xf0, 0x03, 0x7a, 0x01, 0x00, // PID 0x102 with an E-AC-3 descriptor
    0x15, 0xe1, 0x03, 0xf0, 0x00, // PID 0x103: metadata, not handled
  ];
  body[2] = body.length - 3 + 4;
  const crc = crc32Mpeg2(Uint8Array.from(body));
  const pmt = readPmt(Uint8Array.from([...body, crc >>> 24, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff]));
  assert.equal(pmt.pcrPid, 0x100);
  assert.deepEqual(pmt.streams.map((s) => [s.pid, s.streamType, s.codec]), [[0x100, 0x1b, 'avc'], [0x101, 0x0f, 'aac'], [0x102, 0x06, 'eac3'], [0x103, 0x15, 'unknown']]);
});

test('unwrapTimestamp picks the 2^33 period closest to the reference', () => {
  const wrap = 2 ** 33;
  assert.equal(unwrapTimestamp(100, wrap - 1000), wrap + 100, 'just past a wrap');
  assert.equal(unwrapTimestamp(wrap - 1000, 100), -1000, 'just before, seen from after');
  assert.equal(unwrapTimestamp(500, 3 * wrap + 10), 3 * wrap + 500, 'reference already unwrapped several times');
  assert.equal(unwrapTimestamp(123456, 0), 123456);
});
