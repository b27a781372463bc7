import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computePeakSegmentBitrate } from '../../../src/transcode/computePeakSegmentBitrate.ts';

test('equal segments: the peak is their rate', () => {
  assert.equal(computePeakSegmentBitrate([{ bytes: 750_000, seconds: 6 }, { bytes: 750_000, seconds: 6 }], 6), 1_000_000);
});

test('the largest qualifying run wins', () => {
  assert.equal(computePeakSegmentBitrate([{ bytes: 750_000, seconds: 6 }, { bytes: 1_500_000, seconds: 6 }, { bytes: 750_000, seconds: 6 }], 6), 2_000_000);
});

test('a tiny last segment is measured together with its neighbour (RFC 8216 4.3.4.2 runs of 0.5-1.5 target durations)', () => {
  // 0.02 s holding 1 KB alone would read as 400 kb/s.
  const peak = computePeakSegmentBitrate([{ bytes: 96_000, seconds: 6 }, { bytes: 1000, seconds: 0.02 }], 6);
  assert.equal(peak, Math.ceil((97_000 * 8) / 6.02));
});

test('a playlist shorter than half a target duration: its overall rate', () => {
  assert.equal(computePeakSegmentBitrate([{ bytes: 1000, seconds: 1 }], 6), 8000);
  assert.equal(computePeakSegmentBitrate([], 6), 0);
});
