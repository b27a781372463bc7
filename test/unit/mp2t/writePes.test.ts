import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writePesHeader } from '../../../src/media/mp2t/writePesHeader.ts';
import { writePesPackets } from '../../../src/media/mp2t/writePesPackets.ts';
import { countPesPackets } from '../../../src/media/mp2t/countPesPackets.ts';
import { readPesHeader } from '../../../src/media/mp2t/readPesHeader.ts';
import { readTsPacketHeader } from '../../../src/media/mp2t/readTsPacketHeader.ts';
import { readAdaptationField } from '../../../src/media/mp2t/readAdaptationField.ts';
import { demuxTransportStream } from '../../../src/media/mp2t/demuxTransportStream.ts';

test('writePesHeader: annotated bytes with PTS and DTS, round trip through readPesHeader', () => {
  const b = new Uint8Array(19);
  const n = writePesHeader(b, 0, { streamId: 0xe0, packetLength: 0, dataAlignmentIndicator: true, pts: 0x1_0000_0001, dts: 90000 });
  assert.equal(n, 19);
  assert.deepEqual(Array.from(b), [
    0x00, 0x00, 0x01, // packet_start_code_prefix
    0xe0, // stream_id: video stream 0
    0x00, 0x00, // PES_packet_length 0: unbounded (video)
    0x84, // '10', not scrambled, priority 0, data_alignment_indicator 1, copyright 0, original 0
    0xc0, // PTS_DTS_flags '11'
    0x0a, // PES_header_data_length 10
    0x39, // '0011', PTS[32..30] = 100, marker
    0x00, 0x01, // PTS[29..15] = 0, marker
    0x00, 0x03, // PTS[14..0] = 1, marker
    0x11, // '0001', DTS[32..30] = 000, marker
    0x00, 0x05, // DTS[29..15] = 2, marker
    0xbf, 0x21, // DTS[14..0] = 24464, marker: 2 * 32768 + 24464 = 90000
  ]);
  assert.deepEqual(readPesHeader(b), { streamId: 0xe0, packetLength: 0, dataAlignmentIndicator: true, pts: 0x1_0000_0001, dts: 90000, headerLength: 19 });
});

test('writePesHeader: PTS only, and the 33-bit wrap of unwrapped or negative times', () => {
  const b = new Uint8Array(14);
  assert.equal(writePesHeader(b, 0, { streamId: 0xc0, packetLength: 1000, dataAlignmentIndicator: false, pts: 2 ** 33 + 126000 }), 14);
  assert.deepEqual(Array.from(b.subarray(6, 9)), [0x80, 0x80, 0x05], 'no data alignment; PTS_DTS_flags 10; 5 header bytes');
  assert.equal(b[9] >> 4, 0x2, "'0010' prefix for a PTS alone");
  assert.deepEqual(readPesHeader(b), { streamId: 0xc0, packetLength: 1000, dataAlignmentIndicator: false, pts: 126000, headerLength: 14 });
  writePesHeader(b, 0, { streamId: 0xc0, packetLength: 0, dataAlignmentIndicator: true, pts: -1 });
  assert.equal(readPesHeader(b).pts, 2 ** 33 - 1);
});

function pes(length: number): Uint8Array {
  const b = new Uint8Array(length);
  for (let i = 0; i < length; i++) b[i] = (i * 7 + 3) & 0xff;
  return b;
}

test('writePesPackets: a short PES is padded with adaptation-field stuffing', () => {
  const out = new Uint8Array(188);
  assert.equal(writePesPackets(out, 0, pes(20), { pid: 0x101, continuityCounter: 15 }), 1);
  assert.deepEqual(Array.from(out.subarray(0, 8)), [
    0x47, // sync_byte
    0x41, 0x01, // payload_unit_start_indicator 1, PID 0x101
    0x3f, // adaptation_field_control '11', continuity_counter 15
    163, // adaptation_field_length: 184 - 1 - 20
    0x00, // no flags
    0xff, 0xff, // stuffing_bytes ...
  ]);
  assert.ok(out.subarray(6, 168).every((x) => x === 0xff));
  assert.deepEqual(out.subarray(168), pes(20));

  // One byte short: the adaptation field is its length byte alone (0).
  writePesPackets(out, 0, pes(183), { pid: 0x101, continuityCounter: 0 });
  assert.deepEqual(Array.from(out.subarray(3, 5)), [0x30, 0x00]);
  assert.deepEqual(out.subarray(5), pes(183));
  // Exactly full: no adaptation field.
  writePesPackets(out, 0, pes(184), { pid: 0x101, continuityCounter: 0 });
  assert.equal(out[3], 0x10);
});

test('writePesPackets: PCR and random access in the first packet, stuffing in the last, counted by countPesPackets', () => {
  for (const length of [14, 176, 177, 360, 361, 1000, 5000]) {
    for (const first of [{ pcr: true, randomAccess: true }, { pcr: false, randomAccess: true }, { pcr: false, randomAccess: false }]) {
      const data = pes(length);
      data.set([0, 0, 1, 0xe0, 0, 0, 0x80, 0, 0]); // a PES header with no PTS, so the demuxer accepts it
      const count = countPesPackets(length, first);
      const out = new Uint8Array(count * 188);
      const n = writePesPackets(out, 0, data, { pid: 0x100, continuityCounter: 9, pcrBase: first.pcr ? 2 ** 33 + 54000 : undefined, randomAccess: first.randomAccess });
      assert.equal(n, count, `${length} bytes ${JSON.stringify(first)}`);
      for (let i = 0; i < n; i++) {
        const h = readTsPacketHeader(out, i * 188);
        assert.deepEqual([h.pid, h.payloadUnitStartIndicator, h.continuityCounter, h.hasPayload], [0x100, i === 0, (9 + i) & 15, true]);
        if (i > 0 && i < n - 1) assert.equal(h.hasAdaptationField, false, 'middle packets are all payload');
      }
      if (readTsPacketHeader(out, 0).hasAdaptationField) {
        const af = readAdaptationField(out, 4);
        assert.equal(af.randomAccessIndicator, first.randomAccess);
        assert.equal(af.pcrBase, first.pcr ? 54000 : undefined, 'PCR base written modulo 2^33');
      } else {
        assert.ok(!first.pcr && !first.randomAccess && length >= 184, 'no adaptation field only when nothing asks for one');
      }
      const demuxed = demuxTransportStream(out, { pids: [0x100] });
      assert.deepEqual(demuxed.pes.map((p) => p.data.byteLength), [length - 9]);
      assert.deepEqual(demuxed.pes[0].data, data.subarray(9));
    }
  }
});
