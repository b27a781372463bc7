import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FfmpegProgressReader } from '../../../src/transcode/FfmpegProgressReader.ts';

const block1 = 'frame=0\nfps=0.00\nstream_0_0_q=0.0\nbitrate=N/A\ntotal_size=N/A\nout_time_us=N/A\nout_time_ms=N/A\nout_time=N/A\ndup_frames=0\ndrop_frames=0\nspeed=N/A\nprogress=continue\n';
const block2 = 'frame=75\nfps=31.2\nout_time_us=3000000\nout_time_ms=3000000\nout_time=00:00:03.000000\nspeed=1.2x\nprogress=continue\n';
const block3 = 'frame=150\nout_time_us=6016000\nprogress=end\n';

test('reports one progress per block; N/A values are absent', () => {
  const r = new FfmpegProgressReader();
  assert.deepEqual(r.push(block1 + block2 + block3), [
    { end: false, frame: 0 },
    { end: false, outTimeUs: 3_000_000, frame: 75 },
    { end: true, outTimeUs: 6_016_000, frame: 150 },
  ]);
});

test('chunks may split lines anywhere', () => {
  const r = new FfmpegProgressReader();
  const text = block2 + block3;
  const reports = [];
  for (let i = 0; i < text.length; i += 7) reports.push(...r.push(text.slice(i, i + 7)));
  assert.deepEqual(reports, [{ end: false, outTimeUs: 3_000_000, frame: 75 }, { end: true, outTimeUs: 6_016_000, frame: 150 }]);
});

test('a block is not reported before its progress= line', () => {
  const r = new FfmpegProgressReader();
  assert.deepEqual(r.push('frame=10\nout_time_us=400000\n'), []);
  assert.deepEqual(r.push('progress=continue\n'), [{ end: false, outTimeUs: 400_000, frame: 10 }]);
});

test('values of one block do not leak into the next', () => {
  const r = new FfmpegProgressReader();
  assert.deepEqual(r.push('frame=10\nout_time_us=400000\nprogress=continue\nframe=11\nprogress=continue\n'), [
    { end: false, outTimeUs: 400_000, frame: 10 },
    { end: false, frame: 11 },
  ]);
});
