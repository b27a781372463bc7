import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeSegmentTimeline } from '../../../src/media/dash/computeSegmentTimeline.ts';
import { segmentsOf } from '../hls/samplePresentation.ts';

test('run-length compresses consecutive equal durations; the first entry has t', () => {
  assert.deepEqual(computeSegmentTimeline(segmentsOf([96256, 96256, 95232, 96256, 65536], 1024)), [
    { t: 1024, d: 96256, r: 1 },
    { d: 95232, r: 0 },
    { d: 96256, r: 0 },
    { d: 65536, r: 0 },
  ]);
  assert.deepEqual(computeSegmentTimeline([]), []);
});

test('a gap or overlap restarts with an explicit t', () => {
  const segments = [
    { number: 1, startTime: 0, duration: 100 },
    { number: 2, startTime: 100, duration: 100 },
    { number: 3, startTime: 250, duration: 100 },
    { number: 4, startTime: 340, duration: 100 },
    { number: 5, startTime: 440, duration: 100 },
  ];
  assert.deepEqual(computeSegmentTimeline(segments), [
    { t: 0, d: 100, r: 1 },
    { t: 250, d: 100, r: 0 },
    { t: 340, d: 100, r: 1 },
  ]);
});
