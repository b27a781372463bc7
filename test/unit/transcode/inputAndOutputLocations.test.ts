import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readInputLocation } from '../../../src/transcode/readInputLocation.ts';
import { isHostAllowed } from '../../../src/transcode/isHostAllowed.ts';
import { planOutputLocation } from '../../../src/transcode/planOutputLocation.ts';

const closed = { allowLocalFiles: false, allowedHttpsHosts: [] };
const open = { allowLocalFiles: true, allowedHttpsHosts: ['media.example.com', '*.cdn.example.net'] };

test('s3:// inputs are always accepted', () => {
  assert.deepEqual(readInputLocation('s3://media/inputs/a b.mp4', closed), { kind: 's3', bucket: 'media', key: 'inputs/a b.mp4' });
  assert.throws(() => readInputLocation('s3://media', closed), { code: 'INPUT_NOT_FOUND' });
});

test('local files only when the policy allows them, and only absolute', () => {
  assert.throws(() => readInputLocation('/srv/in.mp4', closed), { code: 'INPUT_FORBIDDEN' });
  assert.deepEqual(readInputLocation('/srv/in.mp4', open), { kind: 'file', path: '/srv/in.mp4' });
  assert.deepEqual(readInputLocation('file:///srv/in%20x.mp4', open), { kind: 'file', path: '/srv/in x.mp4' });
  assert.throws(() => readInputLocation('in.mp4', open), { code: 'INPUT_NOT_FOUND' });
  assert.throws(() => readInputLocation('ftp://host/in.mp4', open), { code: 'INPUT_FORBIDDEN' });
});

test('https:// only from allow-listed hosts; never http:// or credentials', () => {
  assert.equal(readInputLocation('https://media.example.com/a.mp4', open).kind, 'https');
  assert.equal(readInputLocation('https://edge-1.cdn.example.net/a.mp4', open).kind, 'https');
  assert.throws(() => readInputLocation('https://evil.example.com/a.mp4', open), { code: 'INPUT_FORBIDDEN', message: /evil\.example\.com is not on the transcoder's allow-list/ });
  assert.throws(() => readInputLocation('https://media.example.com/a.mp4', closed), { code: 'INPUT_FORBIDDEN', message: /which is empty/ });
  assert.throws(() => readInputLocation('http://media.example.com/a.mp4', open), { code: 'INPUT_FORBIDDEN', message: /only https/ });
  assert.throws(() => readInputLocation('https://u:p@media.example.com/a.mp4', open), { code: 'INPUT_FORBIDDEN' });
});

test('host allow-list: exact names and *.suffix wildcards', () => {
  assert.equal(isHostAllowed('Media.Example.com', ['media.example.com']), true);
  assert.equal(isHostAllowed('media.example.com.', ['media.example.com']), true);
  assert.equal(isHostAllowed('a.b.cdn.example.net', ['*.cdn.example.net']), true);
  assert.equal(isHostAllowed('cdn.example.net', ['*.cdn.example.net']), false, 'the wildcard does not match the bare suffix');
  assert.equal(isHostAllowed('evilcdn.example.net', ['*.cdn.example.net']), false);
  assert.equal(isHostAllowed('media.example.com.evil.org', ['media.example.com']), false);
  assert.equal(isHostAllowed('', ['']), false);
});

test('destination: a folder takes the input name, a name is the base name', () => {
  assert.deepEqual(planOutputLocation('s3://media/assets/VANLIFE/HLS/', 's3://media/inputs/VANLIFE.m2ts'), { bucket: 'media', prefix: 'assets/VANLIFE/HLS/', baseName: 'VANLIFE' });
  assert.deepEqual(planOutputLocation('s3://media/hls/main', '/srv/x.mp4'), { bucket: 'media', prefix: 'hls/', baseName: 'main' });
  assert.deepEqual(planOutputLocation('s3://media/', 'https://h/my clip (1).final.mov?sig=1'), { bucket: 'media', prefix: '', baseName: 'my_clip__1_.final' });
});

test('destination errors are INVALID_REQUEST', () => {
  for (const bad of ['media/hls/', 's3://Bad_Bucket/x/', 's3://media/a//b/', 's3://media/../x/', 's3://media/x/bad name']) {
    assert.throws(() => planOutputLocation(bad, 's3://media/in.mp4'), { code: 'INVALID_REQUEST' }, bad);
  }
});
