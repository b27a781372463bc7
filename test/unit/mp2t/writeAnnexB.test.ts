import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeAnnexB } from '../../../src/media/codecs/avc/writeAnnexB.ts';
import { demuxTransportStream } from '../../../src/media/mp2t/demuxTransportStream.ts';
import { readVideoAccessUnit } from '../../../src/media/mp2t/readVideoAccessUnit.ts';
import { avcAacTs, hevcAacTs } from '../codecs/fixtures.ts';

test('writeAnnexB: annotated bytes; an AUD in the sample is dropped, zero-length NAL units skipped', () => {
  const sample = Uint8Array.from([
    0, 0, 0, 2, 0x09, 0xf0, // AUD (type 9): dropped, the muxer writes its own
    0, 0, 0, 3, 0x06, 0x05, 0x80, // SEI (type 6)
    0, 0, 0, 0, // a zero-length NAL unit
    0, 0, 0, 4, 0x65, 0x88, 0x84, 0x00, // IDR slice (type 5), ending in a cabac_zero_word byte
  ]);
  assert.equal(writeAnnexB(sample, { codec: 'avc' }), 15, 'measure only');
  const out = new Uint8Array(20).fill(0xee);
  assert.equal(writeAnnexB(sample, { codec: 'avc', target: out, offset: 2 }), 15);
  assert.deepEqual(Array.from(out), [
    0xee, 0xee, // before offset: untouched
    0, 0, 0, 1, 0x06, 0x05, 0x80, // start code + SEI
    0, 0, 0, 1, 0x65, 0x88, 0x84, 0x00, // start code + IDR slice
    0xee, 0xee, 0xee, // after: untouched
  ]);
  // HEVC AUD is nal_unit_type 35 (0x46 0x01); type 9 means something else there and is kept.
  const hevc = Uint8Array.from([0, 0, 0, 3, 0x46, 0x01, 0x50, 0, 0, 0, 2, 0x12, 0x01]);
  assert.equal(writeAnnexB(hevc, { codec: 'hevc' }), 6);
  assert.equal(writeAnnexB(Uint8Array.from([0, 0, 0, 2, 0x09, 0xf0]), { codec: 'hevc' }), 6);
});

test('writeAnnexB refuses a length that runs past the sample', () => {
  assert.throws(() => writeAnnexB(Uint8Array.from([0, 0, 0, 5, 0x65, 0x88]), { codec: 'avc' }), { code: 'MALFORMED', offset: 0 });
  assert.throws(() => writeAnnexB(Uint8Array.from([0, 0, 0, 1, 0x65, 0, 0]), { codec: 'avc' }), { code: 'MALFORMED', offset: 5 });
});

test('writeAnnexB inverts readVideoAccessUnit on real H.264 and H.265 access units', () => {
  for (const [codec, bytes] of [['avc', avcAacTs()], ['hevc', hevcAacTs()]] as const) {
    const ts = demuxTransportStream(bytes);
    const video = ts.pes.filter((p) => p.pid === ts.streams[0].pid);
    for (const p of video) {
      const sample = readVideoAccessUnit(p.data, codec).data;
      const out = new Uint8Array(writeAnnexB(sample, { codec }));
      assert.equal(out.byteLength, sample.byteLength, 'with 4-byte lengths the size does not change');
      writeAnnexB(sample, { codec, target: out });
      assert.deepEqual(readVideoAccessUnit(out, codec).data, sample);
    }
  }
});
