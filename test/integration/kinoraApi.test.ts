/**
 * Kinora's own JSON API (`/kinora/v1`, docs/kinora-api.md) over real HTTP,
 * signed with the AWS SDKs' signer (@smithy/signature-v4) for service
 * `kinora`: buckets (listing, paging, streamed uploads with their limit and
 * key rules), the ingested source of an asset, transcode jobs (an uploaded
 * clip transcoded to COMPLETE by real ffmpeg, refusals, cancel), the event
 * bus's event log (every event, matched or not, with its deliveries'
 * outcomes; filters and pages) and its deliveries and dead letters
 * (replay), the signature on every route,
 * and the wiring in startKinoraServer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { startOrigin, type TestOrigin } from '../support/startOrigin.ts';
import { registerKinoraApi } from '../../src/control/kinoraApi/registerKinoraApi.ts';
import { createTranscoder, type Transcoder } from '../../src/transcode/createTranscoder.ts';
import { MemoryJobStore } from '../../src/transcode/MemoryJobStore.ts';
import { EventBus } from '../../src/events/bus/EventBus.ts';
import { MemoryEventStore } from '../../src/events/store/MemoryEventStore.ts';
import { createAsset } from '../../src/catalog/createAsset.ts';
import { DEFAULT_GROUP_ID } from '../../src/catalog/ensureDefaultPackaging.ts';
import { readSourceIndex } from '../../src/media/index/readSourceIndex.ts';
import { startKinoraServer } from '../../src/control/startKinoraServer.ts';
import { configFromEnv } from '../../src/config/KinoraConfig.ts';
import { ensureFixture } from '../../scripts/fixtures.ts';
import { clip180 } from '../unit/transcode/support/transcodeMedia.ts';
import type { FolderObjectStore } from '../../src/storage/FolderObjectStore.ts';
import { Sha256 as ConsoleSha256 } from '../../console/src/aws/Sha256.ts';

const KEY = { accessKeyId: 'AKIDKINORAAPITEST001', secretAccessKey: 'kinora/api+test/secret/0123456789abcdef' };
const UPLOAD_LIMIT = 1024 * 1024;

let origin: TestOrigin;
let app: FastifyInstance;
let base = '';
let transcoder: Transcoder;
let bus: EventBus;
let work: string;
let failOnce = true;
/** What the `gate` target does: fail, or wait until `releaseGate()`. */
let gateMode: 'fail' | 'hang' = 'fail';
let releaseGate: () => void = () => {};

before(async () => {
  origin = await startOrigin({ fixtures: ['ladder'] });
  work = mkdtempSync(join(tmpdir(), 'kinora-api-'));
  const store = origin.kinora.store;
  await store.put('media', 'ladder/readme.txt', new TextEncoder().encode('hello'));
  await store.put('media', 'ladder/hls/a.ts', new Uint8Array(10));
  await store.put('media', 'ladder/hls/b.ts', new Uint8Array(20));
  await store.put('media', 'top.m3u8', new Uint8Array(3));
  for (const name of ['e', 'a', 'c', 'b', 'd']) await store.put('paged', `${name}.bin`, new Uint8Array(1));
  await store.put('paged', 'f/inner.bin', new Uint8Array(1));
  await store.put('paged', 'f/deeper/x.bin', new Uint8Array(1));

  bus = new EventBus({
    store: new MemoryEventStore(),
    region: 'us-east-1',
    accountId: '111122223333',
    functions: {
      ok: async () => ({ done: true }),
      flaky: async () => {
        if (failOnce) {
          failOnce = false;
          throw new Error('flaky target is down');
        }
        return { done: true };
      },
      gate: async () => {
        if (gateMode === 'fail') throw new Error('gate is closed');
        return new Promise((resolve) => (releaseGate = () => resolve({ late: true })));
      },
    },
  });
  await bus.start();
  transcoder = createTranscoder({ store: new MemoryJobStore(), objectStore: store, tempDir: join(work, 'transcode'), emit: async (e) => void (await bus.emit(e as never)), pollIntervalMs: 100, statusUpdateIntervalMs: 0, concurrency: 1 });
  transcoder.start();

  app = Fastify({ logger: false });
  registerKinoraApi(app, {
    catalog: origin.kinora.catalog,
    store,
    transcoder,
    bus,
    secretOf: (id) => (id === KEY.accessKeyId ? KEY.secretAccessKey : undefined),
    tempDir: join(work, 'uploads'),
    uploadLimitBytes: UPLOAD_LIMIT,
    replayWaitMs: 2000,
    log: () => {},
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

after(async () => {
  releaseGate();
  await transcoder?.stop();
  await app?.close();
  await bus?.close();
  await origin?.close();
  rmSync(work, { recursive: true, force: true });
});

interface Signed {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array | string;
}

/** Signs `method path` as the AWS SDKs do (for `kinora` unless told), optionally over a declared payload hash instead of the body. */
async function sign(method: string, path: string, options: { body?: Uint8Array | string; service?: string; secret?: string; date?: Date; payloadHash?: string; headers?: Record<string, string> } = {}): Promise<Signed> {
  const { hostname, port } = new URL(base);
  const signer = new SignatureV4({ credentials: { accessKeyId: KEY.accessKeyId, secretAccessKey: options.secret ?? KEY.secretAccessKey }, region: 'eu-west-1', service: options.service ?? 'kinora', sha256: Sha256, uriEscapePath: true });
  const [pathname, search = ''] = path.split('?');
  const query: Record<string, string> = Object.fromEntries(new URLSearchParams(search));
  const headers: Record<string, string> = { host: `${hostname}:${port}`, ...(options.headers ?? {}) };
  if (typeof options.body === 'string') headers['content-type'] = 'application/json';
  if (options.payloadHash) headers['x-amz-content-sha256'] = options.payloadHash;
  const signed = await signer.sign({ method, protocol: 'http:', hostname, port: Number(port), path: pathname, query, headers, body: options.body }, { signingDate: options.date });
  return { method, path, headers: signed.headers as Record<string, string>, body: options.body };
}

/** Sends exactly this path (no URL normalisation: `..`, `//`, `%2F` reach the server as written). */
function send(request: Signed, override: { headers?: Record<string, string | undefined>; body?: Uint8Array | string; chunks?: Uint8Array[] } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; json: any }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...request.headers, ...override.headers })) if (v !== undefined && k !== 'host') headers[k] = v;
    const body = override.body ?? request.body;
    const { hostname, port } = new URL(base);
    if (body !== undefined && !override.chunks && headers['content-length'] === undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const req = httpRequest({ host: hostname, port, method: request.method, path: request.path, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c) => parts.push(c));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = text;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json });
      });
    });
    // The server may answer (413, 403) and close before the whole body is sent.
    req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e)));
    if (override.chunks) {
      for (const c of override.chunks) req.write(c);
      req.end();
    } else req.end(body);
  });
}

async function call(method: string, path: string, body?: unknown) {
  const text = body === undefined ? undefined : JSON.stringify(body);
  return send(await sign(method, path, { body: text }));
}

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

function assertError(r: { status: number; json: any }, status: number, code: string, message?: RegExp): void {
  assert.equal(r.status, status, JSON.stringify(r.json));
  assert.deepEqual(Object.keys(r.json).sort(), ['code', 'message']);
  assert.equal(r.json.code, code);
  if (message) assert.match(r.json.message, message);
}

describe('signatures', () => {
  test('every route refuses an unsigned request with 403 FORBIDDEN', async () => {
    for (const [method, path] of [
      ['GET', '/kinora/v1/buckets'],
      ['GET', '/kinora/v1/buckets/media/objects'],
      ['PUT', '/kinora/v1/buckets/media/objects/unsigned.bin'],
      ['GET', '/kinora/v1/assets/ladder/source'],
      ['POST', '/kinora/v1/transcode/jobs'],
      ['GET', '/kinora/v1/transcode/jobs'],
      ['GET', '/kinora/v1/transcode/jobs/x'],
      ['POST', '/kinora/v1/transcode/jobs/x/cancel'],
      ['GET', '/kinora/v1/events'],
      ['GET', '/kinora/v1/events/deliveries'],
      ['GET', '/kinora/v1/events/dead-letters'],
      ['POST', '/kinora/v1/events/dead-letters/x/replay'],
    ]) {
      const r = await send({ method, path, headers: {}, body: method === 'GET' ? undefined : '{}' });
      assertError(r, 403, 'FORBIDDEN', /Missing Authentication Token/);
    }
    await assert.rejects(origin.kinora.store.head('media', 'unsigned.bin'));
  });

  test('a signature for another service, another secret or another day is refused', async () => {
    assertError(await send(await sign('GET', '/kinora/v1/buckets', { service: 'mediapackage-vod' })), 403, 'FORBIDDEN', /scoped to correct service: 'kinora'/);
    assertError(await send(await sign('GET', '/kinora/v1/buckets', { secret: 'not-the-secret' })), 403, 'FORBIDDEN', /signature we calculated does not match/);
    assertError(await send(await sign('GET', '/kinora/v1/buckets', { date: new Date(Date.now() - 3600_000) })), 403, 'FORBIDDEN', /Signature expired/);
  });

  test('an unknown path under /kinora/v1 is 404 UNKNOWN_OPERATION', async () => {
    assertError(await call('GET', '/kinora/v1/nothing-here'), 404, 'UNKNOWN_OPERATION');
    assertError(await call('DELETE', '/kinora/v1/buckets'), 404, 'UNKNOWN_OPERATION');
  });
});

describe('buckets', () => {
  test('GET /buckets lists the bucket folders and the upload limit', async () => {
    const r = await call('GET', '/kinora/v1/buckets');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.buckets.map((b: { name: string }) => b.name), ['media', 'paged']);
    assert.equal(r.json.uploadLimitBytes, UPLOAD_LIMIT);
  });

  test('objects with delimiter=/ are folders and files with size and date; without it, every key under the prefix', async () => {
    const top = await call('GET', '/kinora/v1/buckets/media/objects?delimiter=/');
    assert.equal(top.status, 200);
    assert.deepEqual(top.json.folders, [{ prefix: 'ladder/' }]);
    assert.deepEqual(top.json.objects.map((o: { key: string; size: number }) => [o.key, o.size]), [['top.m3u8', 3]]);
    assert.equal(top.json.isTruncated, false);
    assert.ok(Date.parse(top.json.objects[0].lastModified) > Date.parse('2024-01-01'));

    const ladder = await call('GET', '/kinora/v1/buckets/media/objects?prefix=ladder/&delimiter=/');
    assert.deepEqual(ladder.json.folders, [{ prefix: 'ladder/hls/' }]);
    assert.deepEqual(ladder.json.objects.map((o: { key: string; size: number }) => [o.key, o.size]), [['ladder/readme.txt', 5]]);

    const all = await call('GET', '/kinora/v1/buckets/media/objects?prefix=ladder/');
    assert.deepEqual(all.json.folders, []);
    assert.deepEqual(all.json.objects.map((o: { key: string }) => o.key), ['ladder/hls/a.ts', 'ladder/hls/b.ts', 'ladder/readme.txt']);
  });

  test('pages of maxKeys continue after nextStartAfter, folders and objects in one order, none twice', async () => {
    const seen: string[] = [];
    let startAfter: string | undefined;
    let pages = 0;
    do {
      const r = await call('GET', `/kinora/v1/buckets/paged/objects?delimiter=/&maxKeys=2${startAfter ? `&startAfter=${encodeURIComponent(startAfter)}` : ''}`);
      assert.equal(r.status, 200);
      seen.push(...r.json.folders.map((f: { prefix: string }) => f.prefix), ...r.json.objects.map((o: { key: string }) => o.key));
      startAfter = r.json.isTruncated ? r.json.nextStartAfter : undefined;
      pages++;
    } while (startAfter);
    assert.equal(pages, 3);
    assert.deepEqual(seen.sort(), ['a.bin', 'b.bin', 'c.bin', 'd.bin', 'e.bin', 'f/']);
  });

  test('a missing bucket lists empty; a bad bucket name is 400 BAD_PATH; bad parameters are 422', async () => {
    const empty = await call('GET', '/kinora/v1/buckets/nobody-wrote-here/objects');
    assert.equal(empty.status, 200);
    assert.deepEqual([empty.json.folders, empty.json.objects], [[], []]);
    assertError(await call('GET', '/kinora/v1/buckets/Bad_Name/objects'), 400, 'BAD_PATH', /not a bucket name/);
    assertError(await call('GET', '/kinora/v1/buckets/media/objects?delimiter=x'), 422, 'INVALID_REQUEST', /delimiter must be one of \//);
    assertError(await call('GET', '/kinora/v1/buckets/media/objects?maxKeys=0'), 422, 'INVALID_REQUEST', /maxKeys must be an integer from 1 to 1000/);
  });
});

describe('uploads', () => {
  test('a signed upload is stored as sent, under a key with spaces and unicode', async () => {
    const body = new TextEncoder().encode('#EXTM3U\n# Bühne 1\n');
    const key = 'uploads/my clip ünï/index.m3u8';
    const r = await send(await sign('PUT', `/kinora/v1/buckets/media/objects/${key.split('/').map(encodeURIComponent).join('/')}`, { body, headers: { 'content-type': 'application/vnd.apple.mpegurl' } }));
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.equal(r.json.uri, `s3://media/${key}`);
    assert.equal(r.json.size, body.byteLength);
    assert.equal(r.json.sha256, sha256(body));
    assert.deepEqual(await origin.kinora.store.get('media', key), body);
    const listed = await call('GET', `/kinora/v1/buckets/media/objects?prefix=${encodeURIComponent('uploads/my clip ünï/')}`);
    assert.deepEqual(listed.json.objects.map((o: { key: string; size: number }) => [o.key, o.size]), [[key, body.byteLength]]);
  });

  test('a body other than the signed x-amz-content-sha256 is refused and not stored', async () => {
    const signed = await sign('PUT', '/kinora/v1/buckets/media/objects/swapped.bin', { body: new Uint8Array([1, 2, 3]) });
    assertError(await send(signed, { body: new Uint8Array([9, 9, 9]) }), 403, 'FORBIDDEN', /x-amz-content-sha256' header does not match/);
    await assert.rejects(origin.kinora.store.head('media', 'swapped.bin'));
  });

  test('an upload must sign its payload hash: UNSIGNED-PAYLOAD, a missing hash, a foreign service, an old date or an unknown key are 403', async () => {
    const body = new Uint8Array([1, 2, 3]);
    const path = '/kinora/v1/buckets/media/objects/refused.bin';
    assertError(await send(await sign('PUT', path, { body, payloadHash: 'UNSIGNED-PAYLOAD' })), 403, 'FORBIDDEN', /must be signed/);
    const signed = await sign('PUT', path, { body });
    assertError(await send(signed, { headers: { 'x-amz-content-sha256': undefined } }), 403, 'FORBIDDEN', /must carry x-amz-content-sha256/);
    assertError(await send(await sign('PUT', path, { body, service: 'events' })), 403, 'FORBIDDEN', /scoped to correct service/);
    assertError(await send(await sign('PUT', path, { body, date: new Date(Date.now() - 3600_000) })), 403, 'FORBIDDEN', /Signature expired/);
    assertError(await send(await sign('PUT', path, { body, secret: 'wrong' })), 403, 'FORBIDDEN', /signature we calculated does not match/);
    const stranger = await sign('PUT', path, { body });
    stranger.headers.authorization = stranger.headers.authorization.replace(KEY.accessKeyId, 'AKIDSOMEONEELSE00001');
    assertError(await send(stranger), 403, 'FORBIDDEN', /unknown access key id AKIDSOMEONEELSE00001/);
    await assert.rejects(origin.kinora.store.head('media', 'refused.bin'));
  });

  test('keys that leave the bucket or are not plain paths are 400 BAD_PATH', async () => {
    for (const [raw, why] of [
      ['a%2F..%2Fb.bin', /"\." and "\.\." segments/],
      ['..%2Fescape.bin', /"\." and "\.\." segments/],
      ['%2Fetc%2Fpasswd', /not absolute paths/],
      ['a%5Cb.bin', /backslashes/],
      ['a%2F%2Fb.bin', /empty path segments/],
      ['dir%2F', /empty path segments/],
      ['bad%00name', /control characters/],
    ] as const) {
      const r = await send(await sign('PUT', `/kinora/v1/buckets/media/objects/${raw}`, { body: new Uint8Array([1]) }));
      assertError(r, 400, 'BAD_PATH', why);
    }
    // Broken percent-encoding never reaches a route: fastify's router answers 400 itself.
    const broken = await send(await sign('PUT', '/kinora/v1/buckets/media/objects/%E0%A4%A', { body: new Uint8Array([1]) }));
    assert.equal(broken.status, 400);
    assert.equal(broken.json.code, 'FST_ERR_BAD_URL');
    assertError(await send(await sign('PUT', '/kinora/v1/buckets/UPPER/objects/a.bin', { body: new Uint8Array([1]) })), 400, 'BAD_PATH', /not a bucket name/);
    assert.deepEqual(readdirSync(join((origin.kinora.store as FolderObjectStore).root, 'media')).sort(), ['ladder', 'top.m3u8', 'uploads']);
  });

  test('over the upload limit is 413 BODY_TOO_LARGE, by Content-Length before reading and while streaming a chunked body', async () => {
    const big = new Uint8Array(UPLOAD_LIMIT + 1);
    const declared = await send(await sign('PUT', '/kinora/v1/buckets/media/objects/big.bin', { body: big }));
    assertError(declared, 413, 'BODY_TOO_LARGE', new RegExp(`is ${UPLOAD_LIMIT + 1} bytes, over the ${UPLOAD_LIMIT}-byte limit`));
    assert.equal(declared.headers.connection, 'close');

    const chunked = await sign('PUT', '/kinora/v1/buckets/media/objects/big.bin', { payloadHash: sha256(big) });
    const streamed = await send(chunked, { chunks: [big.subarray(0, 40_000), big.subarray(40_000)] });
    assertError(streamed, 413, 'BODY_TOO_LARGE', new RegExp(`over the ${UPLOAD_LIMIT}-byte limit`));
    await assert.rejects(origin.kinora.store.head('media', 'big.bin'));
    assert.deepEqual(readdirSync(join(work, 'uploads')), [], 'no temporary file is left behind');

    const atLimit = new Uint8Array(UPLOAD_LIMIT).fill(7);
    const ok = await send(await sign('PUT', '/kinora/v1/buckets/media/objects/limit.bin', { payloadHash: sha256(atLimit) }), { chunks: [atLimit.subarray(0, 1000), atLimit.subarray(1000)] });
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    assert.equal((await origin.kinora.store.head('media', 'limit.bin')).size, UPLOAD_LIMIT);
  });

  test("the console's incremental SHA-256 equals node:crypto's for any length and chunking", () => {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 100_003]) {
      const bytes = new Uint8Array(length).map((_, i) => (i * 131 + length) & 0xff);
      for (const chunk of [1, 7, 64, 4096, length || 1]) {
        const h = new ConsoleSha256();
        for (let at = 0; at < length; at += chunk) h.update(bytes.subarray(at, at + chunk));
        assert.equal(h.hex(), sha256(bytes), `length ${length} in chunks of ${chunk}`);
      }
    }
  });
});

describe('asset source', () => {
  test('the ingested ladder: three H.264 renditions and AAC audio, a segment per playlist entry, sizes summing to the sample table', async () => {
    const r = await call('GET', '/kinora/v1/assets/ladder/source');
    assert.equal(r.status, 200, JSON.stringify(r.json));
    const source = r.json;
    assert.equal(source.assetId, 'ladder');
    assert.equal(source.status, 'PLAYABLE');
    assert.ok(Math.abs(source.durationSeconds - 30) < 0.2, String(source.durationSeconds));
    const video = source.tracks.filter((t: { kind: string }) => t.kind === 'video');
    const audio = source.tracks.filter((t: { kind: string }) => t.kind === 'audio');
    assert.deepEqual(video.map((t: { width: number; height: number }) => `${t.width}x${t.height}`).sort(), ['320x180', '480x270', '640x360']);
    assert.equal(audio.length, 1);
    assert.match(audio[0].codec, /^mp4a\.40\./);
    assert.equal(typeof audio[0].sampleRate, 'number');
    assert.equal(typeof audio[0].channels, 'number');

    const index = readSourceIndex((await origin.kinora.catalog.getAssetIndex('ladder'))!);
    const fixtureDir = dirname(await ensureFixture('ladder'));
    for (const track of source.tracks) {
      const indexed = index.tracks.find((t) => t.track.id === track.id)!;
      assert.equal(track.container, 'mp2t');
      // One segment per EXTINF of the rendition's playlist (the audio playlist has 16, the video ones 15).
      const extinf = readFileSync(join(fixtureDir, track.playlist), 'utf8').match(/^#EXTINF:/gm)!.length;
      assert.equal(track.segmentCount, extinf, track.id);
      assert.equal(track.segments.length, extinf);
      if (track.kind === 'video') assert.equal(extinf, 15);
      assert.equal(track.sampleCount, indexed.samples.count);
      assert.equal(track.segments.reduce((t: number, s: { bytes: number }) => t + s.bytes, 0), indexed.samples.size.reduce((t, s) => t + s, 0), `${track.id}: segment bytes cover every sample once`);
      const total = track.segments.reduce((t: number, s: { durationSeconds: number }) => t + s.durationSeconds, 0);
      assert.ok(Math.abs(total - source.durationSeconds) < 0.2, `${track.id}: ${total} s of segments`);
      for (let i = 1; i < track.segments.length; i++) {
        const [prev, s] = [track.segments[i - 1], track.segments[i]];
        assert.ok(Math.abs(prev.startSeconds + prev.durationSeconds - s.startSeconds) < 0.05, `${track.id} segment ${i} starts where ${i - 1} ends`);
      }
      // Ingest measured the peak over the same segments, from the playlist durations.
      const peak = Math.max(...track.segments.map((s: { bytes: number; durationSeconds: number }) => (s.bytes * 8) / s.durationSeconds));
      assert.ok(Math.abs(peak - track.peakBitsPerSecond) / track.peakBitsPerSecond < 0.05, `${track.id}: peak ${peak} vs ${track.peakBitsPerSecond}`);
      assert.ok(track.averageBitsPerSecond > 0 && track.averageBitsPerSecond <= track.peakBitsPerSecond);
    }
    assert.deepEqual(source.breaks, []);
  });

  test('an unknown asset is 404 ASSET_NOT_FOUND; one not ingested yet is 404 ASSET_NOT_READY saying so', async () => {
    assertError(await call('GET', '/kinora/v1/assets/no-such-asset/source'), 404, 'ASSET_NOT_FOUND', /no asset no-such-asset/);
    await createAsset(origin.kinora.catalog, { id: 'queued', packagingGroupId: DEFAULT_GROUP_ID, sourceArn: 's3://media/top.m3u8' });
    assertError(await call('GET', '/kinora/v1/assets/queued/source'), 404, 'ASSET_NOT_READY', /is QUEUED: the source is described once ingest completes/);
  });
});

describe('transcode jobs', () => {
  test('an uploaded clip becomes a job that reaches COMPLETE, listed and read back with its outputs', async () => {
    const clip = clip180();
    const uploaded = await send(await sign('PUT', '/kinora/v1/buckets/media/objects/inputs/clip180.mp4', { body: clip, headers: { 'content-type': 'video/mp4' } }));
    assert.equal(uploaded.status, 200, JSON.stringify(uploaded.json));
    assert.equal(uploaded.json.size, clip.byteLength);
    const created = await call('POST', '/kinora/v1/transcode/jobs', { input: 's3://media/inputs/clip180.mp4', destination: 's3://media/outputs/clip180/' });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const id = created.json.job.id;
    assert.equal(created.json.job.status, 'SUBMITTED');
    assert.equal(created.json.job.lease, undefined);
    let job = created.json.job;
    for (let tries = 0; tries < 600 && !['COMPLETE', 'ERROR', 'CANCELED'].includes(job.status); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      job = (await call('GET', `/kinora/v1/transcode/jobs/${id}`)).json.job;
    }
    assert.equal(job.status, 'COMPLETE', JSON.stringify(job));
    const playlist = job.outputGroupDetails[0].playlistFilePaths[0];
    assert.match(playlist, /^s3:\/\/media\/outputs\/clip180\/clip180\.m3u8$/);
    const listed = await call('GET', '/kinora/v1/transcode/jobs?status=COMPLETE');
    assert.ok(listed.json.jobs.some((j: { id: string }) => j.id === id));
    assert.ok(!(await call('GET', '/kinora/v1/transcode/jobs?status=ERROR')).json.jobs.some((j: { id: string }) => j.id === id));
    const outputs = await call('GET', '/kinora/v1/buckets/media/objects?prefix=outputs/clip180/&delimiter=/');
    assert.ok(outputs.json.objects.some((o: { key: string }) => o.key === 'outputs/clip180/clip180.m3u8'));
  });

  test('local paths, bad destinations and bad templates are refused with 422 before any job exists', async () => {
    const before = (await call('GET', '/kinora/v1/transcode/jobs')).json.jobs.length;
    for (const input of ['/etc/passwd', 'file:///etc/passwd', 'relative/path.mp4', 42]) {
      assertError(await call('POST', '/kinora/v1/transcode/jobs', { input, destination: 's3://media/out/' }), 422, 'INVALID_REQUEST', /local paths are not accepted through the API/);
    }
    assertError(await call('POST', '/kinora/v1/transcode/jobs', { input: 's3://media/inputs/clip180.mp4', destination: '/tmp/out' }), 422, 'INVALID_REQUEST', /destination must be s3:\/\/bucket\/prefix\//);
    assertError(await call('POST', '/kinora/v1/transcode/jobs', { input: 's3://media/inputs/clip180.mp4', destination: 's3://media/out/', template: { video: 'yes' } }), 422, 'INVALID_REQUEST');
    assertError(await send(await sign('POST', '/kinora/v1/transcode/jobs', { body: '{"input":' })), 422, 'INVALID_REQUEST', /not valid JSON/);
    assertError(await call('GET', '/kinora/v1/transcode/jobs?status=DONE'), 422, 'INVALID_REQUEST', /status must be one of SUBMITTED, PROGRESSING, COMPLETE, ERROR, CANCELED/);
    assert.equal((await call('GET', '/kinora/v1/transcode/jobs')).json.jobs.length, before);
  });

  test('cancel ends a job once; an unknown job is 404', async () => {
    const created = await call('POST', '/kinora/v1/transcode/jobs', { input: 's3://media/inputs/clip180.mp4', destination: 's3://media/outputs/canceled/' });
    const id = created.json.job.id;
    const canceled = await call('POST', `/kinora/v1/transcode/jobs/${id}/cancel`);
    assert.equal(canceled.status, 200, JSON.stringify(canceled.json));
    assert.equal(canceled.json.job.status, 'CANCELED');
    assertError(await call('POST', `/kinora/v1/transcode/jobs/${id}/cancel`), 422, 'INVALID_REQUEST', /is CANCELED; only SUBMITTED or PROGRESSING jobs can be canceled/);
    assertError(await call('GET', '/kinora/v1/transcode/jobs/1700000000000-nosuch'), 404, 'UNKNOWN_RESOURCE', /no transcode job/);
    assertError(await call('POST', '/kinora/v1/transcode/jobs/1700000000000-nosuch/cancel'), 404, 'UNKNOWN_RESOURCE');
  });
});

describe('event deliveries and dead letters', () => {
  const RULE_ARN = 'arn:aws:events:us-east-1:111122223333:rule/audits';
  before(async () => {
    await bus.rules.putRule({ Name: 'audits', EventPattern: JSON.stringify({ source: ['test.kinora'] }) });
    await bus.rules.putTargets({ Rule: 'audits', Targets: [{ Id: 'ok', Arn: 'arn:kinora:function:::ok' }, { Id: 'flaky', Arn: 'arn:kinora:function:::flaky', RetryPolicy: { MaximumRetryAttempts: 0 } }] });
    await bus.rules.putRule({ Name: 'gated', EventPattern: JSON.stringify({ source: ['test.gate'] }) });
    await bus.rules.putTargets({ Rule: 'gated', Targets: [{ Id: 'gate', Arn: 'arn:kinora:function:::gate', RetryPolicy: { MaximumRetryAttempts: 0 } }] });
    await bus.emit({ source: 'test.kinora', 'detail-type': 'First', detail: { n: 1 } });
    await bus.emit({ source: 'test.kinora', 'detail-type': 'Second', detail: { n: 2 } });
    await bus.whenIdle();
  });

  test('deliveries are listed newest first with their outcome and event, filtered by rule name or ARN, status and limit', async () => {
    const all = await call('GET', '/kinora/v1/events/deliveries?rule=audits');
    assert.equal(all.status, 200);
    const rows = all.json.deliveries.map((d: any) => [d.event['detail-type'], d.targetId, d.status]);
    // Per event, one delivery per target in target id order: newest first reverses both.
    assert.deepEqual(rows, [
      ['Second', 'ok', 'SUCCEEDED'],
      ['Second', 'flaky', 'SUCCEEDED'],
      ['First', 'ok', 'SUCCEEDED'],
      ['First', 'flaky', 'FAILED'],
    ]);
    assert.equal(all.json.deliveries[3].errorCode, 'FUNCTION_ERROR');
    assert.match(all.json.deliveries[3].error, /flaky target is down/);
    assert.deepEqual((await call('GET', `/kinora/v1/events/deliveries?rule=${encodeURIComponent(RULE_ARN)}`)).json.deliveries.length, 4);
    const failed = await call('GET', '/kinora/v1/events/deliveries?status=FAILED');
    assert.deepEqual(failed.json.deliveries.map((d: any) => d.targetId), ['flaky']);
    const newest = await call('GET', '/kinora/v1/events/deliveries?limit=1');
    assert.equal(newest.json.deliveries.length, 1);
    assert.equal(newest.json.deliveries[0].event['detail-type'], 'Second');
    assert.deepEqual((await call('GET', '/kinora/v1/events/deliveries?rule=no-such-rule')).json.deliveries, []);
    assertError(await call('GET', '/kinora/v1/events/deliveries?status=LOST'), 422, 'INVALID_REQUEST');
    assertError(await call('GET', '/kinora/v1/events/deliveries?limit=5000'), 422, 'INVALID_REQUEST');
  });

  test('a dead letter is listed, replayed (200 with the final delivery) and then resolved; replaying again or an unknown one is refused', async () => {
    const dead = await call('GET', '/kinora/v1/events/dead-letters?rule=audits');
    assert.equal(dead.json.deadLetters.length, 1);
    const letter = dead.json.deadLetters[0];
    assert.equal(letter.targetId, 'flaky');
    assert.equal(letter.event['detail-type'], 'First');
    const replay = await call('POST', `/kinora/v1/events/dead-letters/${letter.id}/replay`);
    assert.equal(replay.status, 200, JSON.stringify(replay.json));
    assert.equal(replay.json.delivery.status, 'SUCCEEDED');
    assert.equal(replay.json.delivery.replayOf, letter.id);
    assert.deepEqual((await call('GET', '/kinora/v1/events/dead-letters?rule=audits')).json.deadLetters, []);
    const resolved = await call('GET', '/kinora/v1/events/dead-letters?rule=audits&includeResolved=true');
    assert.equal(resolved.json.deadLetters[0].id, letter.id);
    assert.ok(resolved.json.deadLetters[0].resolvedAt);
    assertError(await call('POST', `/kinora/v1/events/dead-letters/${letter.id}/replay`), 422, 'INVALID_REQUEST', /was resolved by delivery/);
    assertError(await call('POST', '/kinora/v1/events/dead-letters/no-such-letter/replay'), 404, 'UNKNOWN_RESOURCE', /no dead letter no-such-letter/);
  });

  test('a replay still running when the wait ends is answered 202 with the pending delivery', async () => {
    gateMode = 'fail';
    await bus.emit({ source: 'test.gate', 'detail-type': 'Gated', detail: {} });
    await bus.whenIdle();
    const letter = (await call('GET', '/kinora/v1/events/dead-letters?rule=gated')).json.deadLetters[0];
    assert.match(letter.error, /gate is closed/);
    gateMode = 'hang';
    const replay = await call('POST', `/kinora/v1/events/dead-letters/${letter.id}/replay`);
    assert.equal(replay.status, 202, JSON.stringify(replay.json));
    assert.equal(replay.json.delivery.status, 'PENDING');
    assert.equal(replay.json.delivery.replayOf, letter.id);
    releaseGate();
    await bus.whenIdle();
    const after = (await call('GET', `/kinora/v1/events/deliveries?eventId=${letter.eventId}`)).json.deliveries;
    assert.deepEqual(after.map((d: any) => d.status), ['SUCCEEDED', 'FAILED']);
  });
});

describe('event log', () => {
  let unmatchedId = '';
  let matchedId = '';
  before(async () => {
    await bus.rules.putRule({ Name: 'logged', EventPattern: JSON.stringify({ source: ['test.log'], 'detail-type': ['Matched'] }) });
    await bus.rules.putTargets({ Rule: 'logged', Targets: [{ Id: 'ok', Arn: 'arn:kinora:function:::ok' }] });
    const put = await bus.putEvents([
      { Source: 'test.log', DetailType: 'Unmatched', Detail: JSON.stringify({ n: 1 }), Resources: ['arn:test:one'] },
      { Source: 'test.log', DetailType: 'Matched', Detail: JSON.stringify({ n: 2 }) },
    ]);
    [unmatchedId, matchedId] = put.Entries.map((e) => (e as { EventId: string }).EventId);
    for (let i = 1; i <= 5; i++) await bus.putEvents([{ Source: 'test.page', DetailType: `Page ${i}`, Detail: '{}' }]);
    await bus.whenIdle();
  });

  test('an event that matched no rule is listed with no deliveries; a matched one with its delivery and outcome', async () => {
    const r = await call('GET', '/kinora/v1/events?source=test.log');
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.equal(r.json.nextToken, undefined);
    const [matched, unmatched] = r.json.events;
    assert.deepEqual(r.json.events.map((e: any) => e.id), [matchedId, unmatchedId], 'newest first');
    assert.deepEqual(
      { ...unmatched, time: typeof unmatched.time, receivedAt: typeof unmatched.receivedAt },
      { id: unmatchedId, source: 'test.log', detailType: 'Unmatched', time: 'string', receivedAt: 'string', origin: 'putEvents', account: '111122223333', region: 'us-east-1', resources: ['arn:test:one'], detail: { n: 1 }, deliveries: [] },
    );
    assert.equal(matched.deliveries.length, 1);
    assert.deepEqual(
      { ruleName: matched.deliveries[0].ruleName, ruleArn: matched.deliveries[0].ruleArn, targetId: matched.deliveries[0].targetId, status: matched.deliveries[0].status, attempts: matched.deliveries[0].attempts },
      { ruleName: 'logged', ruleArn: 'arn:aws:events:us-east-1:111122223333:rule/logged', targetId: 'ok', status: 'SUCCEEDED', attempts: 1 },
    );
    const delivery = (await call('GET', `/kinora/v1/events/deliveries?eventId=${matchedId}`)).json.deliveries[0];
    assert.equal(matched.deliveries[0].id, delivery.id, 'the same delivery the delivery log lists');
    assert.equal(matched.deliveries[0].event, undefined, 'outcomes only, not the event again');
  });

  test("a delivery's failure and its dead letter's replay are outcomes of the one event", async () => {
    const r = await call('GET', '/kinora/v1/events?source=test.kinora&detailType=First');
    assert.equal(r.json.events.length, 1);
    const outcomes = r.json.events[0].deliveries.map((d: any) => [d.targetId, d.status, d.lastError === undefined ? '' : d.errorCode, d.replayOf === undefined ? '' : 'replay']);
    assert.deepEqual(outcomes, [['flaky', 'FAILED', 'FUNCTION_ERROR', ''], ['ok', 'SUCCEEDED', '', ''], ['flaky', 'SUCCEEDED', '', 'replay']]);
    assert.match(r.json.events[0].deliveries[0].lastError, /flaky target is down/);
  });

  test('pages follow nextToken newest first, each event once; limit and nextToken are checked', async () => {
    const seen: string[][] = [];
    let token: string | undefined;
    do {
      const r = await call('GET', `/kinora/v1/events?source=test.page&limit=2${token ? `&nextToken=${encodeURIComponent(token)}` : ''}`);
      assert.equal(r.status, 200, JSON.stringify(r.json));
      seen.push(r.json.events.map((e: any) => e.detailType));
      token = r.json.nextToken;
    } while (token && seen.length < 10);
    assert.deepEqual(seen, [['Page 5', 'Page 4'], ['Page 3', 'Page 2'], ['Page 1']]);
    const newest = await call('GET', '/kinora/v1/events?limit=1');
    assert.equal(newest.json.events.length, 1);
    assert.equal(newest.json.events[0].detailType, 'Page 5');
    assert.ok(newest.json.nextToken);
    assert.deepEqual((await call('GET', '/kinora/v1/events?detailType=No%20such%20type')).json, { events: [] });
    assertError(await call('GET', '/kinora/v1/events?limit=101'), 422, 'INVALID_REQUEST');
    assertError(await call('GET', '/kinora/v1/events?nextToken=forged'), 422, 'INVALID_REQUEST', /cursor/);
  });

  test('transcode job events are in the log too', async () => {
    const jobs = await call('GET', '/kinora/v1/events?source=aws.mediaconvert&detailType=MediaConvert%20Job%20State%20Change');
    assert.ok(jobs.json.events.some((e: any) => e.detail.status === 'COMPLETE' && e.origin === 'emit'), JSON.stringify(jobs.json.events.map((e: any) => e.detail.status)));
  });
});

test('startKinoraServer serves the Kinora API with its access key', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kinora-api-server-'));
  const server = await startKinoraServer({ config: { ...configFromEnv({}), dataDir, port: 0 }, accessKey: { key: KEY, source: 'environment' }, listen: false, accessLog: () => {} });
  try {
    await server.kinora.store.put('media', 'x.bin', new Uint8Array(1));
    const signer = new SignatureV4({ credentials: KEY, region: 'us-east-1', service: 'kinora', sha256: Sha256 });
    const signed = await signer.sign({ method: 'GET', protocol: 'http:', hostname: 'localhost', path: '/kinora/v1/buckets', query: {}, headers: { host: 'localhost' } });
    const ok = await server.app.inject({ method: 'GET', url: '/kinora/v1/buckets', headers: signed.headers });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(JSON.parse(ok.body).buckets.map((b: { name: string }) => b.name), ['media']);
    const unsigned = await server.app.inject({ method: 'GET', url: '/kinora/v1/transcode/jobs' });
    assert.equal(unsigned.statusCode, 403);
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
