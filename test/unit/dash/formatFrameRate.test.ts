import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatFrameRate } from '../../../src/media/dash/formatFrameRate.ts';

test('formats frame rates as a DASH FrameRateType', () => {
  assert.equal(formatFrameRate(25), '25');
  assert.equal(formatFrameRate(50.0000001), '50');
  assert.equal(formatFrameRate(30000 / 1001), '30000/1001');
  assert.equal(formatFrameRate(29.97), '30000/1001');
  assert.equal(formatFrameRate(23.976), '24000/1001');
  assert.equal(formatFrameRate(60000 / 1001), '60000/1001');
  assert.equal(formatFrameRate(12.5), '25/2');
  assert.equal(formatFrameRate(14.985), '15000/1001');
  assert.equal(formatFrameRate(7.3), '73/10');
});
