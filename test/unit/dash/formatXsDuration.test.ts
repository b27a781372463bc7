import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatXsDuration } from '../../../src/media/dash/formatXsDuration.ts';

test('formats seconds as xs:duration, to the millisecond', () => {
  assert.equal(formatXsDuration(0), 'PT0S');
  assert.equal(formatXsDuration(2), 'PT2S');
  assert.equal(formatXsDuration(9.36), 'PT9.36S');
  assert.equal(formatXsDuration(62.345), 'PT1M2.345S');
  assert.equal(formatXsDuration(60), 'PT1M0S');
  assert.equal(formatXsDuration(3605.5), 'PT1H0M5.5S');
  assert.equal(formatXsDuration(90061.001), 'PT25H1M1.001S');
  assert.equal(formatXsDuration(0.0004), 'PT0S');
  assert.equal(formatXsDuration(59.9996), 'PT1M0S');
  assert.equal(formatXsDuration(0.05), 'PT0.05S');
  assert.equal(formatXsDuration(-1.5), '-PT1.5S');
  assert.throws(() => formatXsDuration(Number.NaN), RangeError);
});
