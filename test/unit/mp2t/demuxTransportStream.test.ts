import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateMedia, syntheticInput } from '../../support/generateMedia.ts';
import { demuxTransportStream } from '../../../src/media/mp2t/demuxTransportStream.ts';
import type { PesPacket } from '../../../src/media/mp2t/demuxTransportStream.ts';
import { readVideoAccessUnit } from '../../../src/media/mp2t/readVideoAccessUnit.ts';
import { unwrapTimestamp } from '../../../src/media/mp2t/unwrapTimestamp.ts';
import { describeTsTables } from '../../../src/media/mp2t/describeTsTables.ts';
import { readAvcSps } from '../../../src/media/codecs/avc/readAvcSps.ts';
import { avcCodecString } from '../../../src/media/codecs/avc/avcCodecString.ts';
import { hevcCodecString } from '../../../src/media/codecs/hevc/hevcCodecString.ts';
import { readHevcSps } from '../../../src/media/codecs/hevc/readHevcSps.ts';
import { avcAacTs, hevcAacTs } from '../codecs/fixtures.ts';

const WRAP = 2 ** 33;

function unwrapped(pes: PesPacket[], field: 'pts' | 'dts'): number[] {
  let ref = pes[0][field];
  return pes.map((p) => (ref = unwrapTimestamp(p[field], ref)));
}

/** Indexes of sync samples in presentation order (open-GOP leading pictures are decoded after their CRA). */
function syncIndexesInPresentationOrder(pes: PesPacket[], codec: 'avc' | 'hevc'): number[] {
  return pes
    .map((p) => ({ pts: p.pts, sync: readVideoAccessUnit(p.data, codec).isSync }))
    .sort((a, b) => a.pts - b.pts)
    .flatMap((x, i) => (x.sync ? [i] : []));
}

function assertIncreasing(values: number[], what: string): void {
  for (let i = 1; i < values.length; i++) assert.ok(values[i] > values[i - 1], `${what} ${i}: ${values[i - 1]} -> ${values[i]}`);
}

test('H.264 + AAC: PMT, one PES per frame, keyframes, monotonic DTS, SPS', () => {
  const ts = demuxTransportStream(avcAacTs());
  assert.deepEqual(ts.streams, [
    { pid: 0x100, streamType: 0x1b, codec: 'avc' },
    { pid: 0x101, streamType: 0x0f, codec: 'aac' },
  ]);
  assert.deepEqual(ts.continuityErrors, []);
  const video = ts.pes.filter((p) => p.pid === 0x100);
  assert.equal(video.length, 50, '2 s at 25 fps');
  const aus = video.map((p) => readVideoAccessUnit(p.data, 'avc'));
  assert.deepEqual(syncIndexesInPresentationOrder(video, 'avc'), [0, 25], '-g 25');
  assertIncreasing(unwrapped(video, 'dts'), 'video DTS');
  for (const p of video) assert.ok(p.pts >= p.dts, 'PTS never before DTS');
  const audio = ts.pes.filter((p) => p.pid === 0x101);
  assertIncreasing(unwrapped(audio, 'pts'), 'audio PTS');
  assert.ok(ts.pes.every((p, i) => i === 0 || p.startOffset > ts.pes[i - 1].startOffset), 'PES in start order');
  assert.ok(ts.pes.every((p) => p.startOffset % 188 === 0 && p.endOffset % 188 === 0 && p.endOffset > p.startOffset));

  const key = aus[0];
  assert.equal(key.sps.length, 1);
  assert.equal(key.pps.length, 1);
  const sps = readAvcSps(key.sps[0]);
  assert.deepEqual([sps.width, sps.height, sps.frameRate], [320, 180, 25]);
  assert.equal(avcCodecString(key.sps[0]), 'avc1.64001e');
  // Length-prefixed, and without AUD (9), SPS (7), PPS (8): x264 puts SEI (6) before the IDR slice (5).
  const types: number[] = [];
  const view = new DataView(key.data.buffer, key.data.byteOffset, key.data.byteLength);
  for (let p = 0; p < key.data.byteLength; p += 4 + view.getUint32(p)) types.push(key.data[p + 4] & 0x1f);
  assert.deepEqual(types, [6, 5]);
  assert.equal(aus[1].sps.length, 0);
});

test('H.265 + AAC: stream type 0x24, IRAP keyframes, SPS and codec string', () => {
  const ts = demuxTransportStream(hevcAacTs());
  assert.deepEqual(ts.streams.map((s) => [s.streamType, s.codec]), [[0x24, 'hevc'], [0x0f, 'aac']]);
  const video = ts.pes.filter((p) => p.pid === ts.streams[0].pid);
  assert.equal(video.length, 50);
  const aus = video.map((p) => readVideoAccessUnit(p.data, 'hevc'));
  assert.deepEqual(syncIndexesInPresentationOrder(video, 'hevc'), [0, 25], 'keyint=25');
  assert.equal(aus[0].vps.length, 1);
  const sps = readHevcSps(aus[0].sps[0]);
  assert.deepEqual([sps.width, sps.height, sps.frameRate], [320, 180, 25]);
  assert.match(hevcCodecString(aus[0].sps[0]), /^hvc1\.1\.6\.L/);
  assertIncreasing(unwrapped(video, 'dts'), 'video DTS');
});

test('33-bit PTS wrap mid-file: raw DTS drops, unwrapped DTS stays monotonic', () => {
  // 95442 s + ffmpeg's 1.4 s mux delay puts the start ~0.4 s before 2^33 / 90000 = 95443.72 s.
  const dir = generateMedia([...syntheticInput(2), '-c:v', 'libx264', '-g', '25', '-c:a', 'aac', '-output_ts_offset', '95442', 'wrap.ts']);
  const ts = demuxTransportStream(readFileSync(join(dir, 'wrap.ts')));
  const video = ts.pes.filter((p) => p.pid === ts.streams[0].pid);
  assert.ok(video[0].dts > WRAP - 90000, `first DTS ${video[0].dts} within 1 s of the wrap`);
  assert.ok(video.some((p, i) => i > 0 && p.dts < video[i - 1].dts), 'raw DTS wraps');
  const dts = unwrapped(video, 'dts');
  assertIncreasing(dts, 'unwrapped video DTS');
  assert.ok(dts[dts.length - 1] > WRAP);
  assert.equal(dts[dts.length - 1] - dts[0], 49 * 3600);
  const audio = ts.pes.filter((p) => p.pid === ts.streams[1].pid);
  assertIncreasing(unwrapped(audio, 'pts'), 'unwrapped audio PTS');
});

test('options: pids restricts assembly, baseOffset shifts offsets', () => {
  const bytes = avcAacTs();
  const all = demuxTransportStream(bytes);
  const audioOnly = demuxTransportStream(bytes, { pids: [0x101], baseOffset: 1_000_000 });
  assert.equal(audioOnly.streams.length, 2, 'the PMT is still reported in full');
  const audio = all.pes.filter((p) => p.pid === 0x101);
  assert.equal(audioOnly.pes.length, audio.length);
  assert.equal(audioOnly.pes[0].startOffset, audio[0].startOffset + 1_000_000);
  assert.deepEqual([...audioOnly.pes[3].data], [...audio[3].data]);
});

test('a segment cut on packet boundaries: the partial first PES is skipped, the PMT is found again', () => {
  const bytes = avcAacTs();
  const all = demuxTransportStream(bytes);
  const from = all.pes.filter((p) => p.pid === 0x100)[25].startOffset; // the second keyframe
  // No PAT/PMT at `from` in a plain file: prepend the original ones.
  const head = bytes.subarray(0, all.pes[0].startOffset);
  const segment = new Uint8Array(head.byteLength + bytes.byteLength - from);
  segment.set(head);
  segment.set(bytes.subarray(from), head.byteLength);
  const part = demuxTransportStream(segment, { pids: [0x100] });
  assert.equal(part.pes.length, 25);
  assert.equal(readVideoAccessUnit(part.pes[0].data, 'avc').isSync, true);
});

test('corrupt input: truncated packet, lost sync, dropped packet', () => {
  const bytes = avcAacTs();
  assert.throws(() => demuxTransportStream(bytes.subarray(0, 188 * 40 + 100)), { code: 'TRUNCATED', offset: 188 * 40 });
  assert.throws(() => demuxTransportStream(bytes.subarray(0, 188 * 40 + 100), { baseOffset: 5000 }), { code: 'TRUNCATED', offset: 5000 + 188 * 40 });

  const flipped = bytes.slice();
  flipped[188 * 30] = 0x46;
  assert.throws(() => demuxTransportStream(flipped), { code: 'MALFORMED', offset: 188 * 30 });

  // Drop a video payload packet in the middle of a PES.
  const all = demuxTransportStream(bytes);
  const victim = all.pes.filter((p) => p.pid === 0x100)[0].startOffset + 188 * 3;
  assert.equal(((bytes[victim + 1] & 0x1f) << 8) | bytes[victim + 2], 0x100);
  const dropped = new Uint8Array(bytes.byteLength - 188);
  dropped.set(bytes.subarray(0, victim));
  dropped.set(bytes.subarray(victim + 188), victim);
  const cc = bytes[victim + 3] & 0x0f;
  const r = demuxTransportStream(dropped);
  assert.deepEqual(r.continuityErrors, [{ pid: 0x100, offset: victim, expected: cc, found: (cc + 1) & 0x0f }]);

  // A duplicated packet is not an error.
  const dup = new Uint8Array(bytes.byteLength + 188);
  dup.set(bytes.subarray(0, victim + 188));
  dup.set(bytes.subarray(victim, victim + 188), victim + 188);
  dup.set(bytes.subarray(victim + 188), victim + 376);
  const d = demuxTransportStream(dup);
  assert.deepEqual(d.continuityErrors, []);
  assert.deepEqual([...d.pes[0].data], [...all.pes[0].data]);
});

test('a PES cut at the end of input by its declared length is flagged truncated', () => {
  const bytes = avcAacTs();
  const all = demuxTransportStream(bytes);
  const audio = all.pes.find((p) => p.pid === 0x101 && p.endOffset - p.startOffset > 188);
  assert.ok(audio);
  const cut = demuxTransportStream(bytes.subarray(0, audio.endOffset - 188), { pids: [0x101] });
  const last = cut.pes[cut.pes.length - 1];
  assert.equal(last.startOffset, audio.startOffset);
  assert.equal(last.truncated, true);
  assert.ok(last.data.byteLength < audio.data.byteLength);
});

test('describeTsTables lists PAT, PMT, PCR and PES lines in byte order', () => {
  const text = describeTsTables(avcAacTs());
  const lines = text.trim().split('\n');
  assert.equal(lines.filter((l) => l.includes(' PAT ')).length, 1, 'repeated PATs of one version listed once');
  assert.match(text, /^@\d+ PMT pid=4096 program=1 v=0 pcr_pid=256 streams=\[256:0x1b:avc 257:0x0f:aac\]$/m);
  assert.equal(lines.filter((l) => / PES pid=256 /.test(l)).length, 50);
  assert.ok(lines.some((l) => /^@\d+ PCR pid=256 base=\d+ ext=0$/.test(l)));
  const offsets = lines.map((l) => Number(l.slice(1, l.indexOf(' '))));
  assert.deepEqual(offsets, [...offsets].sort((a, b) => a - b));
});
