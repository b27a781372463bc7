import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchInput } from '../../../src/transcode/fetchInput.ts';
import { FolderObjectStore } from '../../../src/storage/FolderObjectStore.ts';
import type { InputLocation } from '../../../src/transcode/InputLocation.ts';

const dir = mkdtempSync(join(tmpdir(), 'kinora-fetch-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const objectStore = new FolderObjectStore(join(dir, 'buckets'));
const policy = { allowLocalFiles: true, allowedHttpsHosts: ['media.example.com', '*.cdn.example.com'] };
let n = 0;
const target = () => join(dir, `target-${++n}`);

test('an s3:// object is copied to a local file, byte for byte', async () => {
  const bytes = new Uint8Array(20_000_000).map((_, i) => (i * 7) & 0xff);
  await objectStore.put('media', 'in/big.mp4', bytes);
  const path = await fetchInput({ kind: 's3', bucket: 'media', key: 'in/big.mp4' }, 's3://media/in/big.mp4', target(), { objectStore, policy });
  assert.deepEqual(new Uint8Array(readFileSync(path)), bytes);
});

test('s3:// errors: missing object, empty object, over the size limit', async () => {
  await assert.rejects(fetchInput({ kind: 's3', bucket: 'media', key: 'in/none.mp4' }, 's3://media/in/none.mp4', target(), { objectStore, policy }), { code: 'INPUT_NOT_FOUND', message: 's3://media/in/none.mp4 does not exist' });
  await objectStore.put('media', 'in/empty.mp4', new Uint8Array(0));
  await assert.rejects(fetchInput({ kind: 's3', bucket: 'media', key: 'in/empty.mp4' }, 's3://media/in/empty.mp4', target(), { objectStore, policy }), { code: 'INPUT_EMPTY' });
  await objectStore.put('media', 'in/ten.mp4', new Uint8Array(10));
  await assert.rejects(fetchInput({ kind: 's3', bucket: 'media', key: 'in/ten.mp4' }, 's3://media/in/ten.mp4', target(), { objectStore, policy, maxBytes: 9 }), { code: 'INPUT_UNSUPPORTED', message: /over the transcoder's 9-byte input limit/ });
});

test('a local file is used in place', async () => {
  const local = join(dir, 'local.mp4');
  writeFileSync(local, 'x');
  assert.equal(await fetchInput({ kind: 'file', path: local }, local, target(), { objectStore, policy }), local);
  await assert.rejects(fetchInput({ kind: 'file', path: join(dir, 'nope.mp4') }, 'nope.mp4', target(), { objectStore, policy }), { code: 'INPUT_NOT_FOUND' });
  await assert.rejects(fetchInput({ kind: 'file', path: dir }, dir, target(), { objectStore, policy }), { code: 'INPUT_NOT_FOUND', message: /is not a file/ });
});

/** A fake `fetch` answering from a table of URL -> response maker, recording what was asked. */
function fakeFetch(routes: Record<string, () => Response>) {
  const asked: string[] = [];
  const f = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    asked.push(url);
    assert.equal(init?.redirect, 'manual', 'redirects are followed by hand, each hop checked');
    const route = routes[url];
    if (!route) throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    return route();
  }) as typeof fetch;
  return { fetch: f, asked };
}

const https = (url: string): InputLocation => ({ kind: 'https', url: new URL(url) });

test('https:// downloads follow allow-listed redirects', async () => {
  const { fetch, asked } = fakeFetch({
    'https://media.example.com/a.mp4': () => new Response(null, { status: 302, headers: { location: 'https://edge.cdn.example.com/a.mp4?sig=1' } }),
    'https://edge.cdn.example.com/a.mp4?sig=1': () => new Response('movie bytes', { headers: { 'content-length': '11' } }),
  });
  const path = await fetchInput(https('https://media.example.com/a.mp4'), 'https://media.example.com/a.mp4', target(), { objectStore, policy, fetch });
  assert.equal(readFileSync(path, 'utf8'), 'movie bytes');
  assert.deepEqual(asked, ['https://media.example.com/a.mp4', 'https://edge.cdn.example.com/a.mp4?sig=1']);
});

test('a redirect off the allow-list (or to http:) is refused before it is followed', async () => {
  for (const location of ['https://internal.corp/a.mp4', 'http://media.example.com/a.mp4']) {
    const { fetch, asked } = fakeFetch({ 'https://media.example.com/a.mp4': () => new Response(null, { status: 301, headers: { location } }) });
    await assert.rejects(fetchInput(https('https://media.example.com/a.mp4'), 'https://media.example.com/a.mp4', target(), { objectStore, policy, fetch }), {
      code: 'INPUT_FORBIDDEN', message: `https://media.example.com/a.mp4 redirects to ${location}, whose host is not on the allow-list`,
    });
    assert.deepEqual(asked, ['https://media.example.com/a.mp4']);
  }
});

test('HTTP failures map to MediaConvert\'s HTTP error codes', async () => {
  const cases: [number, string][] = [[401, 'HTTP_FORBIDDEN'], [403, 'HTTP_FORBIDDEN'], [404, 'HTTP_NOT_FOUND'], [500, 'HTTP_SERVER_ERROR']];
  for (const [status, code] of cases) {
    const { fetch } = fakeFetch({ 'https://media.example.com/a.mp4': () => new Response('no', { status }) });
    await assert.rejects(fetchInput(https('https://media.example.com/a.mp4'), 'https://media.example.com/a.mp4', target(), { objectStore, policy, fetch }), { code, message: `https://media.example.com/a.mp4: media.example.com answered HTTP ${status}` });
  }
  const { fetch } = fakeFetch({});
  await assert.rejects(fetchInput(https('https://media.example.com/a.mp4'), 'https://media.example.com/a.mp4', target(), { objectStore, policy, fetch }), { code: 'HTTP_CONNECTION_FAILED', message: /ECONNREFUSED/ });
  const loop = fakeFetch({ 'https://media.example.com/a.mp4': () => new Response(null, { status: 302, headers: { location: '/a.mp4' } }) });
  await assert.rejects(fetchInput(https('https://media.example.com/a.mp4'), 'https://media.example.com/a.mp4', target(), { objectStore, policy, fetch: loop.fetch }), { code: 'HTTP_SERVER_ERROR', message: /more than 5 redirects/ });
});

test('a short or oversized download is refused', async () => {
  const short = fakeFetch({ 'https://media.example.com/a.mp4': () => new Response('12345', { headers: { 'content-length': '9' } }) });
  await assert.rejects(fetchInput(https('https://media.example.com/a.mp4'), 'u', target(), { objectStore, policy, fetch: short.fetch }), { code: 'INPUT_READ_FAILED', message: 'u: expected 9 bytes, received 5' });
  const big = fakeFetch({ 'https://media.example.com/a.mp4': () => new Response('123456789') });
  await assert.rejects(fetchInput(https('https://media.example.com/a.mp4'), 'u', target(), { objectStore, policy, fetch: big.fetch, maxBytes: 4 }), { code: 'INPUT_UNSUPPORTED' });
});
