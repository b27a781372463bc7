import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createServer, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import { HttpsSource, type ResolveHost } from '../../../src/storage/HttpsSource.ts';
import { SourceHosts } from '../../../src/storage/SourceHosts.ts';

const object = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 7 + 3) & 0xff);
let server: Server;
let port: number;
let base: string;
const seen: { path: string; host?: string; range?: string }[] = [];
let connections = 0;

before(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    seen.push({ path, host: req.headers.host, range: req.headers.range });
    const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    switch (path) {
      case '/object.bin':
        if (range) {
          const first = Number(range[1]);
          const last = Math.min(Number(range[2]), object.length - 1);
          if (first >= object.length) return void res.writeHead(416).end();
          return void res.writeHead(206, { 'content-range': `bytes ${first}-${last}/${object.length}` }).end(object.subarray(first, last + 1));
        }
        return void res.writeHead(200, { 'content-length': object.length }).end(object);
      case '/no-ranges.bin':
        return void res.writeHead(200, { 'content-length': object.length }).end(object);
      case '/wrong-range.bin':
        return void res.writeHead(206, { 'content-range': `bytes 0-99/${object.length}` }).end(object.subarray(0, 100));
      case '/chunked.bin':
        res.writeHead(200);
        for (let i = 0; i < 10; i++) res.write(object.subarray(i * 1000, (i + 1) * 1000));
        return void res.end();
      case '/cut.bin':
        res.writeHead(200, { 'content-length': object.length });
        res.write(object.subarray(0, 500));
        return void setTimeout(() => res.destroy(), 20);
      case '/gzip.bin':
        return void res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(object));
      case '/gone':
        return void res.writeHead(410).end();
      case '/private':
        return void res.writeHead(403).end();
      case '/broken':
        return void res.writeHead(503).end();
      case '/to-object':
        return void res.writeHead(301, { location: '/object.bin' }).end();
      case '/to-elsewhere':
        return void res.writeHead(302, { location: `http://127.0.0.2:${port}/object.bin` }).end();
      case '/loop':
        return void res.writeHead(307, { location: '/loop' }).end();
      case '/hang':
        return; // never answers
      default:
        return void res.writeHead(404).end();
    }
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  base = `http://127.0.0.1:${port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function source(options: { hosts?: string[]; resolve?: ResolveHost; maxBytes?: number } = {}) {
  return new HttpsSource({ hosts: new SourceHosts(options.hosts ?? [`127.0.0.1:${port}`]), resolve: options.resolve, maxBytes: options.maxBytes });
}

/** Bytes compared as bytes (the source answers Buffers, the fixture is a plain Uint8Array). */
function sameBytes(actual: Uint8Array, expected: Uint8Array) {
  assert.equal(Buffer.compare(Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength), Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength)), 0, `${actual.byteLength} bytes differ from the ${expected.byteLength} expected`);
  assert.equal(actual.byteLength, expected.byteLength);
}

async function rejects(work: Promise<unknown>, code: string, message: RegExp) {
  await assert.rejects(work, (e: any) => {
    assert.equal(e.code, code, e.message);
    assert.match(e.message, message);
    return true;
  });
}

test('get and getRange: whole objects, RFC 9110 ranges, empty ranges; connections are reused', async () => {
  const s = source();
  const connected = connections;
  try {
    sameBytes(await s.get(`${base}/object.bin`), object);
    const before = seen.length;
    sameBytes(await s.getRange(`${base}/object.bin`, 100, 300), object.subarray(100, 300));
    assert.equal(seen[before].range, 'bytes=100-299');
    sameBytes(await s.getRange(`${base}/object.bin`, 9_990, 10_000), object.subarray(9_990));
    sameBytes(await s.getRange(`${base}/object.bin`, 5, 5), new Uint8Array(0));
    assert.equal(seen.at(-1)!.range, undefined, 'an empty range is a HEAD: the object exists');
    await rejects(s.get(`${base}/missing.bin`), 'SOURCE_NOT_FOUND', /missing\.bin/);
    sameBytes(await s.getRange(`${base}/object.bin`, 7, 9), object.subarray(7, 9));
    assert.equal(connections - connected, 1, 'sequential reads share a keep-alive connection, error answers included');
    await rejects(s.getRange(`${base}/missing.bin`, 5, 5), 'SOURCE_NOT_FOUND', /missing\.bin/);
  } finally {
    s.close();
  }
});

test('a server that ignores Range: the bytes asked for, from the whole answer', async () => {
  const s = source();
  try {
    sameBytes(await s.getRange(`${base}/no-ranges.bin`, 1000, 1500), object.subarray(1000, 1500));
    await rejects(s.getRange(`${base}/no-ranges.bin`, 9_000, 11_000), 'SOURCE_UNAVAILABLE', /expected bytes 9000-10999, the object ends after 10000 bytes/);
  } finally {
    s.close();
  }
});

test('ranges the object does not have, or a Content-Range that is not the one asked for: SOURCE_UNAVAILABLE', async () => {
  const s = source();
  try {
    await rejects(s.getRange(`${base}/object.bin`, 20_000, 20_010), 'SOURCE_UNAVAILABLE', /416/);
    await rejects(s.getRange(`${base}/object.bin`, 9_000, 11_000), 'SOURCE_UNAVAILABLE', /asked for bytes 9000-10999, the server answered Content-Range bytes 9000-9999\/10000/);
    await rejects(s.getRange(`${base}/wrong-range.bin`, 50, 60), 'SOURCE_UNAVAILABLE', /Content-Range bytes 0-99/);
  } finally {
    s.close();
  }
});

test('status codes map to SOURCE_NOT_FOUND, SOURCE_FORBIDDEN and SOURCE_UNAVAILABLE, naming the URL', async () => {
  const s = source();
  try {
    await rejects(s.get(`${base}/missing.m3u8`), 'SOURCE_NOT_FOUND', new RegExp(`^${base}/missing\\.m3u8 does not exist \\(HTTP 404\\)`));
    await rejects(s.get(`${base}/gone`), 'SOURCE_NOT_FOUND', /HTTP 410/);
    await rejects(s.get(`${base}/private`), 'SOURCE_FORBIDDEN', new RegExp(`^${base}/private: access denied by the source server \\(HTTP 403\\)`));
    await rejects(s.getRange(`${base}/broken`, 0, 10), 'SOURCE_UNAVAILABLE', /answered HTTP 503/);
  } finally {
    s.close();
  }
});

test('size limits: by Content-Length before reading, and by counting a body without one', async () => {
  const s = source({ maxBytes: 5_000 });
  try {
    await rejects(s.get(`${base}/object.bin`), 'SOURCE_TOO_LARGE', /is 10000 bytes, over the limit of 5000/);
    await rejects(s.get(`${base}/chunked.bin`), 'SOURCE_TOO_LARGE', /over the limit of 5000 bytes/);
    sameBytes(await s.get(`${base}/chunked.bin`, { maxBytes: 10_000 }), object);
    await rejects(s.get(`${base}/object.bin`, { maxBytes: 9_999 }), 'SOURCE_TOO_LARGE', /over the limit of 9999/);
  } finally {
    s.close();
  }
});

test('a body cut short, a compressed answer, a refused connection: SOURCE_UNAVAILABLE', async () => {
  const s = source({ hosts: [`127.0.0.1:${port}`, '127.0.0.1:1'] });
  try {
    await rejects(s.get(`${base}/cut.bin`), 'SOURCE_UNAVAILABLE', /cut\.bin/);
    await rejects(s.get(`${base}/gzip.bin`), 'SOURCE_UNAVAILABLE', /Content-Encoding gzip/);
    await rejects(s.get('http://127.0.0.1:1/x.m3u8'), 'SOURCE_UNAVAILABLE', /connection refused/);
  } finally {
    s.close();
  }
});

test('redirects: followed to listed hosts, refused to others and past the limit, and checked by authorize', async () => {
  const s = source();
  try {
    sameBytes(await s.getRange(`${base}/to-object`, 10, 20), object.subarray(10, 20));
    const before = seen.length;
    await rejects(s.get(`${base}/to-elsewhere`), 'SOURCE_FORBIDDEN', new RegExp(`${base}/to-elsewhere redirects to http://127\\.0\\.0\\.2:${port}/object\\.bin, which is refused: .*host 127\\.0\\.0\\.2:${port} is not on KINORA_SOURCE_HOSTS`));
    assert.ok(!seen.slice(before).some((r) => r.host?.startsWith('127.0.0.2')), 'the unlisted host got no request');
    await rejects(s.get(`${base}/loop`), 'SOURCE_UNAVAILABLE', /more than 5 redirects/);
    const asked: string[] = [];
    await rejects(
      s.get(`${base}/to-object`, {
        authorize: (uri) => {
          asked.push(uri);
          throw new Error('not this one');
        },
      }),
      'SOURCE_FORBIDDEN',
      /redirects to .*object\.bin, which is refused: .*not this one/,
    );
    assert.deepEqual(asked, [`${base}/object.bin`]);
  } finally {
    s.close();
  }
});

test('names are resolved when connecting and every address is checked; only checked addresses are connected to', async () => {
  const lookups: string[] = [];
  const answers: Record<string, string[]> = { 'media.test': ['127.0.0.1'], 'rebound.test': ['127.0.0.1', '10.1.2.3'], 'meta.test': ['169.254.169.254'] };
  const resolve: ResolveHost = async (hostname) => {
    lookups.push(hostname);
    return (answers[hostname] ?? []).map((address) => ({ address, family: 4 }));
  };
  const s = source({ hosts: [`media.test:${port}`, `rebound.test:${port}`, `meta.test:${port}`, `127.0.0.1:${port}`], resolve });
  try {
    // 127.0.0.1 is named on the list, so a name resolving to it is allowed and the connection goes there.
    const before = seen.length;
    sameBytes(await s.getRange(`http://media.test:${port}/object.bin`, 0, 10), object.subarray(0, 10));
    assert.equal(seen[before].host, `media.test:${port}`);
    assert.deepEqual(lookups, ['media.test']);
    await rejects(s.get(`http://rebound.test:${port}/object.bin`), 'SOURCE_FORBIDDEN', /rebound\.test resolves to 10\.1\.2\.3; plain http:\/\/ is accepted only for loopback/);
    await rejects(s.get(`https://rebound.test:${port}/object.bin`), 'SOURCE_FORBIDDEN', /rebound\.test resolves to 10\.1\.2\.3, a private address/);
    await rejects(s.get(`https://meta.test:${port}/latest/meta-data`), 'SOURCE_FORBIDDEN', /meta\.test resolves to 169\.254\.169\.254, a link-local address/);
    await rejects(s.get(`https://nowhere.test:${port}/x`), 'SOURCE_FORBIDDEN', /host nowhere\.test:\d+ is not on KINORA_SOURCE_HOSTS/);
    assert.equal(seen.length, before + 1, 'no refused request reached the server');
  } finally {
    s.close();
  }
});

test('an aborted read rejects with the signal reason and the source stays usable', async () => {
  const s = source();
  try {
    const abort = new AbortController();
    const reading = s.get(`${base}/hang`, { signal: abort.signal });
    setTimeout(() => abort.abort(new Error('stop')), 20);
    await assert.rejects(reading, { message: 'stop' });
    sameBytes(await s.getRange(`${base}/object.bin`, 0, 4), object.subarray(0, 4));
  } finally {
    s.close();
  }
});
