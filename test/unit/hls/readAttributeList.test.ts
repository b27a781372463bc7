import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MediaError } from '../../../src/media/errors/MediaError.ts';
import { readAttributeList } from '../../../src/media/hls/readAttributeList.ts';

test('reads every RFC 8216 4.2 value type, unquoting quoted strings with commas inside', () => {
  const attributes = readAttributeList(
    'BANDWIDTH=2177116,CODECS="avc1.640020,mp4a.40.2",RESOLUTION=960x540,FRAME-RATE=60.000,IV=0x1A2B,CLOSED-CAPTIONS=NONE,NAME=""',
  );
  assert.deepEqual([...attributes], [
    ['BANDWIDTH', '2177116'],
    ['CODECS', 'avc1.640020,mp4a.40.2'],
    ['RESOLUTION', '960x540'],
    ['FRAME-RATE', '60.000'],
    ['IV', '0x1A2B'],
    ['CLOSED-CAPTIONS', 'NONE'],
    ['NAME', ''],
  ]);
});

test('tolerates spaces after commas and "=" inside quoted values', () => {
  const attributes = readAttributeList('METHOD=AES-128, URI="https://k.example/key?id=1&x=2", IV=0x00');
  assert.equal(attributes.get('URI'), 'https://k.example/key?id=1&x=2');
  assert.equal(attributes.get('IV'), '0x00');
  assert.equal(attributes.size, 3);
});

test('an empty list reads as an empty map', () => {
  assert.equal(readAttributeList('').size, 0);
});

test('rejects an unterminated quote and a name without "="', () => {
  assert.throws(
    () => readAttributeList('URI="abc,METHOD=NONE'),
    (error: unknown) => error instanceof MediaError && error.code === 'PLAYLIST_INVALID' && /closing quote/.test(error.message),
  );
  assert.throws(
    () => readAttributeList('A=1,B'),
    (error: unknown) => error instanceof MediaError && /expected '='.*found 'B'/.test(error.message),
  );
  assert.throws(() => readAttributeList('URI="a"X'), /expected ',' after quoted value of URI/);
});
