import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readClipQuery } from '../../../src/media/select/readClipQuery.ts';
import { isSelectionError } from './isSelectionError.ts';

type Query = Parameters<typeof readClipQuery>[0];

describe('readClipQuery', () => {
  const valid: [Query, ReturnType<typeof readClipQuery>][] = [
    [{}, undefined],
    [{ start: '10' }, { startSeconds: 10 }],
    [{ end: '30' }, { endSeconds: 30 }],
    [{ start: '12.5', end: '30' }, { startSeconds: 12.5, endSeconds: 30 }],
    [{ start: '0', end: '0.000001' }, { startSeconds: 0, endSeconds: 0.000001 }],
    [{ start: '007.250' }, { startSeconds: 7.25 }],
    [{ start: ['4'], end: [] }, { startSeconds: 4 }],
    [{ start: '999999999.999999' }, { startSeconds: 999999999.999999 }],
  ];
  for (const [query, expected] of valid) {
    it(`reads ${JSON.stringify(query)}`, () => assert.deepEqual(readClipQuery(query), expected));
  }

  const invalid: [string, Query][] = [
    ['an empty start', { start: '' }],
    ['a negative start', { start: '-1' }],
    ['a sign', { end: '+5' }],
    ['an exponent', { end: '1e3' }],
    ['Infinity', { end: 'Infinity' }],
    ['NaN', { start: 'NaN' }],
    ['a bare point', { start: '5.' }],
    ['a leading point', { start: '.5' }],
    ['a comma decimal', { start: '5,5' }],
    ['a time code', { start: '00:01:00' }],
    ['spaces', { start: ' 5' }],
    ['seven decimals', { start: '1.0000001' }],
    ['ten integer digits', { start: '1000000000' }],
    ['a repeated start', { start: ['1', '2'] }],
    ['an end equal to the start', { start: '5', end: '5' }],
    ['an end before the start', { start: '6', end: '5.5' }],
  ];
  for (const [name, query] of invalid) {
    it(`rejects ${name} with CLIP_INVALID`, () => {
      assert.throws(
        () => readClipQuery(query),
        isSelectionError('CLIP_INVALID'),
      );
    });
  }
});
