import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveSourceUri, sourceRootOf } from '../../../src/storage/SourceReader.ts';
import { readSourceArn } from '../../../src/control/validation/readSourceArn.ts';

const forbidden = (f: () => unknown, message: RegExp) => assert.throws(f, (e: any) => e.code === 'SOURCE_FORBIDDEN' && message.test(e.message));

test('sourceRootOf: a web source is confined to its origin and the playlist folder', () => {
  assert.equal(sourceRootOf('https://cdn.example.com/vod/asset/master.m3u8'), 'https://cdn.example.com/vod/asset/');
  assert.equal(sourceRootOf('http://127.0.0.1:8080/a/b.m3u8'), 'http://127.0.0.1:8080/a/');
  assert.equal(sourceRootOf('s3://media/a/b.m3u8'), 's3://media/');
});

test('resolveSourceUri: web references stay on the same origin and under the path prefix', () => {
  const base = 'https://cdn.example.com/vod/asset/master.m3u8';
  const root = sourceRootOf(base);
  assert.equal(resolveSourceUri('720p/index.m3u8', base, root), 'https://cdn.example.com/vod/asset/720p/index.m3u8');
  assert.equal(resolveSourceUri('https://cdn.example.com:443/vod/asset/a.ts#t=1', base, root), 'https://cdn.example.com/vod/asset/a.ts');
  assert.equal(resolveSourceUri('/vod/asset/seg.ts?token=abc', base, root), 'https://cdn.example.com/vod/asset/seg.ts?token=abc', 'the query of a web reference is kept');
  forbidden(() => resolveSourceUri('https://other.example.com/vod/asset/a.ts', base, root), /another origin than https:\/\/cdn\.example\.com/);
  forbidden(() => resolveSourceUri('https://cdn.example.com:8443/vod/asset/a.ts', base, root), /another origin/);
  forbidden(() => resolveSourceUri('http://cdn.example.com/vod/asset/a.ts', base, root), /a http: URI in a https: source/);
  forbidden(() => resolveSourceUri('../other/a.ts', base, root), /outside the path prefix \/vod\/asset\//);
  forbidden(() => resolveSourceUri('%2e%2e/other/a.ts', base, root), /outside the path prefix/);
  forbidden(() => resolveSourceUri('..%2fother/a.ts', base, root), /percent-encoded \/ or \\/);
  forbidden(() => resolveSourceUri('https://user:pw@cdn.example.com/vod/asset/a.ts', base, root), /credentials/);
  forbidden(() => resolveSourceUri('s3://media/vod/asset/a.ts', base, root), /outside the asset's source root/);
});

test('resolveSourceUri: S3 and file sources are unchanged (query and fragment dropped)', () => {
  assert.equal(resolveSourceUri('a/b.ts?x=1#y', 's3://media/p/master.m3u8', 's3://media/'), 's3://media/p/a/b.ts');
  forbidden(() => resolveSourceUri('https://cdn.example.com/a.ts', 's3://media/p/master.m3u8', 's3://media/'), /outside the asset's source root/);
});

test('readSourceArn: https URLs are accepted and normalised; http only for loopback', () => {
  assert.equal(readSourceArn('https://CDN.Example.com:443/vod/a/Master.M3U8'), 'https://cdn.example.com/vod/a/Master.M3U8');
  assert.equal(readSourceArn('https://cdn.example.com/vod/my%20asset/index.m3u8'), 'https://cdn.example.com/vod/my%20asset/index.m3u8');
  assert.equal(readSourceArn('http://127.0.0.1:8080/a.m3u8'), 'http://127.0.0.1:8080/a.m3u8');
  assert.equal(readSourceArn('http://[::1]:8080/a.m3u8'), 'http://[::1]:8080/a.m3u8');
  assert.equal(readSourceArn('http://localhost:8080/a.m3u8'), 'http://localhost:8080/a.m3u8');
  assert.equal(readSourceArn('arn:aws:s3:::media/a.m3u8'), 's3://media/a.m3u8');
  const invalid = (arn: string, message: RegExp) => assert.throws(() => readSourceArn(arn), (e: any) => e.code === 'INVALID_REQUEST' && e.subject === 'sourceArn' && message.test(e.message), arn);
  invalid('http://cdn.example.com/a.m3u8', /plain http:\/\/, accepted only for loopback/);
  invalid('http://10.0.0.1/a.m3u8', /plain http:\/\//);
  invalid('https://cdn.example.com/a.m3u8?sig=1', /\? or #/);
  invalid('https://cdn.example.com/a.m3u8#x', /\? or #/);
  invalid('https://u:p@cdn.example.com/a.m3u8', /credentials/);
  invalid('https://cdn.example.com/vod/../a.m3u8', /has a "\.\." path segment, which would leave its folder/);
  invalid('https://cdn.example.com/vod/%2e%2e/a.m3u8', /has a "%2e%2e" path segment/);
  invalid('https://cdn.example.com/vod%2f..%2fa.m3u8', /percent-encoded/);
  invalid('https://cdn.example.com/vod/a.mp4', /\.m3u8/);
  invalid('https://cdn.example.com/vod/a.smil', /SMIL/);
  invalid('https:///a.m3u8', /valid URL|\.m3u8/);
  invalid('ftp://cdn.example.com/a.m3u8', /S3 object ARN, arn:aws:s3:::<bucket>\/<key>, s3:\/\/<bucket>\/<key>, or an https:\/\/ URL/);
});
