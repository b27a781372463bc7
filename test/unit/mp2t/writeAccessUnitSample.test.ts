import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demuxTransportStream } from '../../../src/media/mp2t/demuxTransportStream.ts';
import { readVideoAccessUnit } from '../../../src/media/mp2t/readVideoAccessUnit.ts';
import { writeAccessUnitSample } from '../../../src/media/mp2t/writeAccessUnitSample.ts';
import { findStartCode } from '../../../src/media/codecs/avc/findStartCode.ts';
import { avcAacTs, hevcAacTs } from '../codecs/fixtures.ts';

test('handmade H.264 access unit: AUD, SPS, PPS dropped; SEI and slices kept with 4-byte lengths; trailing zeros trimmed', () => {
  const au = Uint8Array.from([
    0x00, 0x00, 0x00, 0x01, 0x09, 0xf0, // AUD, 4-byte start code
    0x00, 0x00, 0x01, 0x67, 0x42, 0x00, 0x1e, // SPS
    0x00, 0x00, 0x01, 0x68, 0xce, // PPS
    0x00, 0x00, 0x01, 0x06, 0x05, 0x01, 0x80, // SEI
    0x00, 0x00, 0x00, 0x01, 0x65, 0x88, 0x84, 0x00, 0x00, // IDR slice + trailing_zero_8bits
    0x00, 0x00, 0x01, 0x0c, 0xff, 0xff, // filler data
  ]);
  const out = new Uint8Array(32).fill(0xee);
  const end = writeAccessUnitSample(au, 0, au.byteLength, 'avc', out, 2, 32);
  assert.equal(end, 2 + 8 + 7);
  assert.deepEqual([...out.subarray(0, end + 1)], [0xee, 0xee, 0, 0, 0, 4, 0x06, 0x05, 0x01, 0x80, 0, 0, 0, 3, 0x65, 0x88, 0x84, 0xee]);
  assert.deepEqual(out.subarray(2, end), readVideoAccessUnit(au, 'avc').data);
});

test('limit: a sample that does not fit is refused and nothing is written at or past the limit', () => {
  const au = Uint8Array.from([0x00, 0x00, 0x01, 0x65, 1, 2, 3, 4, 5, 0x00, 0x00, 0x01, 0x41, 6, 7]); // 4+6 + 4+3 = 17 bytes as a sample
  const out = new Uint8Array(20).fill(0xee);
  assert.equal(writeAccessUnitSample(au, 0, au.byteLength, 'avc', out, 0, 16), -1);
  assert.deepEqual([...out.subarray(16)], [0xee, 0xee, 0xee, 0xee]);
  assert.equal(writeAccessUnitSample(au, 0, au.byteLength, 'avc', out, 0, 17), 17);
  assert.deepEqual([...out.subarray(0, 18)], [0, 0, 0, 6, 0x65, 1, 2, 3, 4, 5, 0, 0, 0, 3, 0x41, 6, 7, 0xee]);
});

for (const [name, fixture, codec] of [['H.264', avcAacTs, 'avc'], ['H.265', hevcAacTs, 'hevc']] as const) {
  test(`${name}: every access unit equals readVideoAccessUnit's bytes, and one byte less does not fit`, () => {
    const pes = demuxTransportStream(fixture()).pes.filter((p) => p.pid === 0x100);
    assert.ok(pes.length >= 50);
    for (const p of pes) {
      const expected = readVideoAccessUnit(p.data, codec).data;
      const out = new Uint8Array(expected.byteLength + 8);
      assert.equal(writeAccessUnitSample(p.data, 0, p.data.byteLength, codec, out, 8, out.byteLength), out.byteLength);
      assert.deepEqual(out.subarray(8), expected);
      const short = new Uint8Array(expected.byteLength);
      assert.equal(writeAccessUnitSample(p.data, 0, p.data.byteLength, codec, short, 0, expected.byteLength - 1), -1);
    }
  });
}

test('findStartCode agrees with a byte-by-byte search on random data with many zeros and ones', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
  for (let round = 0; round < 200; round++) {
    const n = 1 + (random() % 120);
    // Bias towards 0x00 and 0x01 so start codes and near misses are common.
    const bytes = Uint8Array.from({ length: n }, () => { const r = random(); return r < 90 ? 0 : r < 130 ? 1 : r; });
    const from = random() % n;
    const to = from + (random() % (n - from + 1));
    let expected = -1;
    for (let i = from; i + 2 < to; i++) if (bytes[i] === 0 && bytes[i + 1] === 0 && bytes[i + 2] === 1) { expected = i; break; }
    assert.equal(findStartCode(bytes, from, to), expected, `round ${round}: [${[...bytes]}] from ${from} to ${to}`);
  }
  const long = new Uint8Array(1000).fill(0xaa);
  long.set([0, 0, 1], 997);
  assert.equal(findStartCode(long, 0, 1000), 997);
  assert.equal(findStartCode(long, 0, 999), -1, 'the prefix must end before `to`');
});
