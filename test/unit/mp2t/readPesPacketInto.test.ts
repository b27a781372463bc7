import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demuxTransportStream } from '../../../src/media/mp2t/demuxTransportStream.ts';
import { readPesPacketInto } from '../../../src/media/mp2t/readPesPacketInto.ts';
import { readPesHeader } from '../../../src/media/mp2t/readPesHeader.ts';
import { avcAacTs, hevcAacTs } from '../codecs/fixtures.ts';

const VIDEO = 0x100;
const AUDIO = 0x101;

/** What readPesPacketInto gave for the PES at `from`, as header + payload bytes. */
function gathered(ts: Uint8Array, from: number, to: number, pid: number, baseOffset = 0): Uint8Array {
  const into = new Uint8Array(to - from);
  return into.subarray(0, readPesPacketInto(ts, from, to, pid, into, baseOffset));
}

for (const [name, fixture] of [['H.264', avcAacTs], ['H.265', hevcAacTs]] as const) {
  test(`${name} + AAC: every PES equals the demuxer's, video and interleaved audio`, () => {
    const ts = fixture();
    const all = demuxTransportStream(ts).pes;
    assert.ok(all.filter((p) => p.pid === VIDEO).length >= 50 && all.filter((p) => p.pid === AUDIO).length >= 3);
    for (const p of all) {
      const bytes = gathered(ts, p.startOffset, p.endOffset, p.pid);
      const header = readPesHeader(bytes, 0);
      assert.equal(header.pts ?? -1, p.pts);
      assert.deepEqual(bytes.subarray(header.headerLength), p.data, `PES at ${p.startOffset}`);
    }
  });
}

test('baseOffset: offsets of the range are file offsets in errors', () => {
  const ts = avcAacTs();
  const p = demuxTransportStream(ts).pes.filter((x) => x.pid === VIDEO)[3];
  const range = ts.slice(p.startOffset, p.endOffset);
  const bytes = gathered(range, 0, range.byteLength, VIDEO, p.startOffset);
  assert.deepEqual(bytes.subarray(readPesHeader(bytes, 0).headerLength), p.data);
  range[188] = 0x00;
  assert.throws(() => gathered(range, 0, range.byteLength, VIDEO, p.startOffset), { code: 'MALFORMED', offset: p.startOffset + 188 });
});

test('a duplicate packet (same continuity_counter) is taken once', () => {
  const ts = avcAacTs();
  const p = demuxTransportStream(ts).pes.filter((x) => x.pid === VIDEO)[0];
  const victim = p.startOffset + 188 * 3;
  assert.equal(((ts[victim + 1] & 0x1f) << 8) | ts[victim + 2], VIDEO);
  const dup = new Uint8Array(ts.byteLength + 188);
  dup.set(ts.subarray(0, victim + 188));
  dup.set(ts.subarray(victim, victim + 188), victim + 188);
  dup.set(ts.subarray(victim + 188), victim + 376);
  const bytes = gathered(dup, p.startOffset, p.endOffset + 188, VIDEO);
  assert.deepEqual(bytes.subarray(readPesHeader(bytes, 0).headerLength), p.data);
});

test('a layout that is not the recorded one is MALFORMED, naming the offset', () => {
  const ts = avcAacTs();
  const video = demuxTransportStream(ts).pes.filter((x) => x.pid === VIDEO);
  const p = video[5];
  // Not where a PES starts (a continuation packet).
  assert.throws(() => gathered(ts, p.startOffset + 188, p.endOffset, VIDEO), { code: 'MALFORMED', offset: p.startOffset + 188 });
  // Running into the next PES of the PID.
  assert.throws(() => gathered(ts, p.startOffset, video[6].endOffset, VIDEO), { code: 'MALFORMED', offset: video[6].startOffset });
  // Not whole packets.
  assert.throws(() => gathered(ts, p.startOffset, p.endOffset - 100, VIDEO), { code: 'TRUNCATED' });
  // The wrong PID.
  assert.throws(() => gathered(ts, p.startOffset, p.endOffset, AUDIO), { code: 'MALFORMED' });
});
