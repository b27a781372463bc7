/**
 * The origin's HTTP layer, end to end on embedded adapters: a real catalog,
 * a real ingest of the `ladder` fixture (30 s, 3 H.264 renditions + AAC, 2 s
 * TS segments), requests through `inject()` (raw sockets only where `inject()`
 * would normalise the path before the origin sees it).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mkdirSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { startOrigin, type TestOrigin } from '../support/startOrigin.ts';
import { buildOriginApp } from '../../src/origin/buildOriginApp.ts';
import { SqliteCatalog } from '../../src/catalog/SqliteCatalog.ts';
import { FolderObjectStore } from '../../src/storage/FolderObjectStore.ts';
import { SourceReader } from '../../src/storage/SourceReader.ts';
import { Packager } from '../../src/origin/Packager.ts';
import { configFromEnv } from '../../src/config/KinoraConfig.ts';
import { rawGet } from './support/rawGet.ts';
import { copyLadder } from './support/copyLadder.ts';
import { HangingObjectStore } from './support/HangingObjectStore.ts';

let origin: TestOrigin;

/** Path of an asset's manifest under a configuration (the origin listens, so urls are absolute). */
function manifestPath(assetId: string, configId: string, o: TestOrigin = origin): string {
  const url = o.urls[assetId][configId];
  return url.startsWith('http') ? new URL(url).pathname : url;
}

/** Path of a child resource (`v1/3.m4s`) next to the manifest. */
function child(assetId: string, configId: string, path: string, o: TestOrigin = origin): string {
  return manifestPath(assetId, configId, o).replace(/[^/]+$/, path);
}

function get(url: string, headers: Record<string, string> = {}, o: TestOrigin = origin) {
  return o.app.inject({ method: 'GET', url, headers });
}

function errorOf(response: { body: string }): { code: string; message: string; subject?: string } {
  return JSON.parse(response.body);
}

/** Segment URIs of a media playlist, in order. */
function segmentUris(playlist: string): string[] {
  return playlist.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}

/** EXTINF durations (seconds) of a media playlist, in order. */
function extinfs(playlist: string): number[] {
  return [...playlist.matchAll(/^#EXTINF:([0-9.]+),/gm)].map((m) => Number(m[1]));
}

before(async () => {
  origin = await startOrigin({ fixtures: ['ladder'], listen: true });
  assert.equal(origin.assets.ladder.status, 'PLAYABLE', origin.assets.ladder.statusReason);
});

after(async () => {
  await origin?.close();
});

describe('content types', () => {
  test('HLS manifests are application/vnd.apple.mpegurl', async () => {
    for (const path of [manifestPath('ladder', 'kinora-default-cmaf'), child('ladder', 'kinora-default-cmaf', 'v1/media.m3u8'), child('ladder', 'kinora-default-cmaf', 'a1/media.m3u8')]) {
      const r = await get(path);
      assert.equal(r.statusCode, 200, path);
      assert.equal(r.headers['content-type'], 'application/vnd.apple.mpegurl', path);
      assert.match(r.body, /^#EXTM3U\n/);
    }
  });

  test('DASH manifests are application/dash+xml', async () => {
    const r = await get(manifestPath('ladder', 'kinora-default-dash'));
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['content-type'], 'application/dash+xml');
    assert.match(r.body, /<MPD /);
  });

  test('video init and segments are video/mp4, audio ones audio/mp4', async () => {
    const cases = [
      ['v1/init.mp4', 'video/mp4'],
      ['v1/1.m4s', 'video/mp4'],
      ['a1/init.mp4', 'audio/mp4'],
      ['a1/1.m4s', 'audio/mp4'],
    ];
    for (const [path, type] of cases) {
      const r = await get(child('ladder', 'kinora-default-cmaf', path));
      assert.equal(r.statusCode, 200, path);
      assert.equal(r.headers['content-type'], type, path);
    }
    const init = await get(child('ladder', 'kinora-default-cmaf', 'v1/init.mp4'));
    assert.equal(init.rawPayload.subarray(4, 8).toString('latin1'), 'ftyp');
    const segment = await get(child('ladder', 'kinora-default-cmaf', 'v1/1.m4s'));
    assert.equal(segment.rawPayload.subarray(4, 8).toString('latin1'), 'styp');
  });
});

describe('ETag and caching', () => {
  test('segments carry a strong ETag that is stable across requests', async () => {
    const path = child('ladder', 'kinora-default-cmaf', 'v1/2.m4s');
    const a = await get(path);
    const b = await get(path);
    const etag = a.headers.etag as string;
    assert.match(etag, /^"[^"]+"$/, 'strong ETag (no W/ prefix)');
    assert.equal(b.headers.etag, etag);
    assert.ok(a.rawPayload.equals(b.rawPayload), 'same ETag, same bytes');
  });

  test('If-None-Match with the ETag gives 304 and no body', async () => {
    const path = child('ladder', 'kinora-default-cmaf', 'v1/2.m4s');
    const etag = (await get(path)).headers.etag as string;
    const r = await get(path, { 'if-none-match': etag });
    assert.equal(r.statusCode, 304);
    assert.equal(r.rawPayload.byteLength, 0);
    assert.equal(r.headers.etag, etag);
    const other = await get(path, { 'if-none-match': '"k1-not-this-one"' });
    assert.equal(other.statusCode, 200);
  });

  test('different segments, tracks and configurations have different ETags', async () => {
    const paths = [
      child('ladder', 'kinora-default-cmaf', 'v1/1.m4s'),
      child('ladder', 'kinora-default-cmaf', 'v1/2.m4s'),
      child('ladder', 'kinora-default-cmaf', 'v2/1.m4s'),
      child('ladder', 'kinora-default-cmaf', 'a1/1.m4s'),
      child('ladder', 'cmaf-2s', 'v1/1.m4s'),
    ];
    const etags = await Promise.all(paths.map(async (p) => (await get(p)).headers.etag));
    assert.equal(new Set(etags).size, paths.length, `ETags: ${etags.join(' ')}`);
  });

  test('segments are cacheable for at least a day and immutable; manifests for less', async () => {
    const segment = await get(child('ladder', 'kinora-default-cmaf', 'v1/1.m4s'));
    const segmentCc = segment.headers['cache-control'] as string;
    const segmentMaxAge = Number(/max-age=(\d+)/.exec(segmentCc)?.[1]);
    assert.ok(segmentMaxAge >= 86400, segmentCc);
    assert.match(segmentCc, /\bimmutable\b/);
    const init = await get(child('ladder', 'kinora-default-cmaf', 'v1/init.mp4'));
    assert.match(init.headers['cache-control'] as string, /\bimmutable\b/);

    for (const path of [manifestPath('ladder', 'kinora-default-cmaf'), child('ladder', 'kinora-default-cmaf', 'v1/media.m3u8'), manifestPath('ladder', 'kinora-default-dash')]) {
      const cc = (await get(path)).headers['cache-control'] as string;
      const maxAge = Number(/max-age=(\d+)/.exec(cc)?.[1]);
      assert.ok(maxAge > 0 && maxAge < segmentMaxAge, `${path}: ${cc}`);
      assert.doesNotMatch(cc, /immutable/, path);
    }
  });

  test('errors are not cached', async () => {
    const r = await get(child('ladder', 'kinora-default-cmaf', 'v1/99.m4s'));
    assert.equal(r.statusCode, 404);
    assert.equal(r.headers['cache-control'], 'no-store');
  });
});

describe('CORS', () => {
  test('GET answers Access-Control-Allow-Origin: *', async () => {
    const r = await get(child('ladder', 'kinora-default-cmaf', 'v1/1.m4s'), { origin: 'https://player.example' });
    assert.equal(r.headers['access-control-allow-origin'], '*');
    assert.match(r.headers['access-control-expose-headers'] as string, /Content-Range/i);
  });

  test('OPTIONS preflight for Range gives 204 and allows Range', async () => {
    const r = await origin.app.inject({
      method: 'OPTIONS',
      url: child('ladder', 'kinora-default-cmaf', 'v1/1.m4s'),
      headers: { origin: 'https://player.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'range' },
    });
    assert.equal(r.statusCode, 204);
    assert.equal(r.headers['access-control-allow-origin'], '*');
    const allowed = (r.headers['access-control-allow-headers'] as string).split(',').map((h) => h.trim().toLowerCase());
    assert.ok(allowed.includes('range'), `allowed headers: ${allowed.join(', ')}`);
    assert.match(r.headers['access-control-allow-methods'] as string, /\bGET\b/);
  });
});

describe('byte ranges', () => {
  let full: Buffer;
  let path: string;

  before(async () => {
    path = child('ladder', 'kinora-default-cmaf', 'v1/1.m4s');
    const r = await get(path);
    assert.equal(r.statusCode, 200);
    full = r.rawPayload;
    assert.ok(full.byteLength > 1000);
    assert.equal(r.headers['accept-ranges'], 'bytes');
  });

  test('bytes=0-99 gives 206 with the first 100 bytes', async () => {
    const r = await get(path, { range: 'bytes=0-99' });
    assert.equal(r.statusCode, 206);
    assert.equal(r.headers['content-range'], `bytes 0-99/${full.byteLength}`);
    assert.equal(Number(r.headers['content-length']), 100);
    assert.equal(r.rawPayload.byteLength, 100);
    assert.ok(r.rawPayload.equals(full.subarray(0, 100)));
  });

  test('a middle range gives exactly those bytes', async () => {
    const r = await get(path, { range: 'bytes=500-749' });
    assert.equal(r.statusCode, 206);
    assert.equal(r.headers['content-range'], `bytes 500-749/${full.byteLength}`);
    assert.ok(r.rawPayload.equals(full.subarray(500, 750)));
  });

  test('bytes=-10 gives the last 10 bytes', async () => {
    const r = await get(path, { range: 'bytes=-10' });
    assert.equal(r.statusCode, 206);
    assert.equal(r.headers['content-range'], `bytes ${full.byteLength - 10}-${full.byteLength - 1}/${full.byteLength}`);
    assert.ok(r.rawPayload.equals(full.subarray(full.byteLength - 10)));
  });

  test('a range starting at the size is 416 with Content-Range bytes */size', async () => {
    const r = await get(path, { range: `bytes=${full.byteLength}-` });
    assert.equal(r.statusCode, 416);
    assert.equal(r.headers['content-range'], `bytes */${full.byteLength}`);
    assert.equal(errorOf(r).code, 'RANGE_NOT_SATISFIABLE');
  });

  test('HEAD gives 200, the GET content-length and no body', async () => {
    const r = await origin.app.inject({ method: 'HEAD', url: path });
    assert.equal(r.statusCode, 200);
    assert.equal(Number(r.headers['content-length']), full.byteLength);
    assert.equal(r.rawPayload.byteLength, 0);
    assert.equal(r.headers['content-type'], 'video/mp4');
  });
});

describe('compression', () => {
  test('a manifest over 1 KB comes back gzip when asked, and decompresses to the plain body', async () => {
    const path = manifestPath('ladder', 'kinora-default-dash');
    const plain = await get(path);
    assert.ok(plain.rawPayload.byteLength > 1024, `MPD is ${plain.rawPayload.byteLength} bytes; the test needs > 1 KB`);
    assert.equal(plain.headers['content-encoding'], undefined);
    const gz = await get(path, { 'accept-encoding': 'gzip' });
    assert.equal(gz.statusCode, 200);
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.match(gz.headers.vary as string, /accept-encoding/i);
    assert.ok(gz.rawPayload.byteLength < plain.rawPayload.byteLength);
    assert.equal(gunzipSync(gz.rawPayload).toString('utf8'), plain.body);
  });

  test('segments are never compressed, even when asked', async () => {
    const path = child('ladder', 'kinora-default-cmaf', 'v1/1.m4s');
    const plain = await get(path);
    const asked = await get(path, { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(asked.statusCode, 200);
    assert.equal(asked.headers['content-encoding'], undefined);
    assert.ok(asked.rawPayload.equals(plain.rawPayload));
  });
});

describe('errors', () => {
  function withParts(path: string, replace: { config?: string; asset?: string }): string {
    const parts = path.split('/');
    // ['', 'out', 'v1', group, config, asset, ...]
    if (replace.config) parts[4] = replace.config;
    if (replace.asset) parts[5] = replace.asset;
    return parts.join('/');
  }

  test('unknown asset hash: 404 ASSET_NOT_FOUND naming the hash', async () => {
    const hash = 'f'.repeat(32);
    const r = await get(withParts(manifestPath('ladder', 'kinora-default-cmaf'), { asset: hash }));
    assert.equal(r.statusCode, 404);
    const e = errorOf(r);
    assert.equal(e.code, 'ASSET_NOT_FOUND');
    assert.match(e.message, new RegExp(hash));
    assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
  });

  test('unknown configuration hash: 404 CONFIGURATION_NOT_FOUND naming the hash', async () => {
    const hash = 'e'.repeat(32);
    const r = await get(withParts(manifestPath('ladder', 'kinora-default-cmaf'), { config: hash }));
    assert.equal(r.statusCode, 404);
    const e = errorOf(r);
    assert.equal(e.code, 'CONFIGURATION_NOT_FOUND');
    assert.match(e.message, new RegExp(hash));
  });

  test('segment past the end: 404 SEGMENT_OUT_OF_RANGE naming the asset', async () => {
    const r = await get(child('ladder', 'kinora-default-cmaf', 'v1/999.m4s'));
    assert.equal(r.statusCode, 404);
    const e = errorOf(r);
    assert.equal(e.code, 'SEGMENT_OUT_OF_RANGE');
    assert.match(e.message, /\bladder\b/);
    assert.match(e.message, /\b999\b/);
  });

  test('segment 0: 404 SEGMENT_OUT_OF_RANGE (numbers start at 1)', async () => {
    const r = await get(child('ladder', 'kinora-default-cmaf', 'v1/0.m4s'));
    assert.equal(r.statusCode, 404);
    assert.equal(errorOf(r).code, 'SEGMENT_OUT_OF_RANGE');
  });

  test('unknown track: 404 TRACK_NOT_FOUND naming the track', async () => {
    for (const path of ['v9/1.m4s', 'v9/init.mp4', 'v9/media.m3u8']) {
      const r = await get(child('ladder', 'kinora-default-cmaf', path));
      assert.equal(r.statusCode, 404, path);
      const e = errorOf(r);
      assert.equal(e.code, 'TRACK_NOT_FOUND', path);
      assert.match(e.message, /\bv9\b/, path);
    }
  });

  test('unknown child path: 404 UNKNOWN_RESOURCE naming the path', async () => {
    for (const path of ['nothing.txt', 'v1/segment.ts', 'v1/1.mp4', 'other.m3u8']) {
      const r = await get(child('ladder', 'kinora-default-cmaf', path));
      assert.equal(r.statusCode, 404, path);
      const e = errorOf(r);
      assert.equal(e.code, 'UNKNOWN_RESOURCE', path);
    }
    const r = await get(child('ladder', 'kinora-default-cmaf', 'nothing.txt'));
    assert.match(errorOf(r).message, /nothing\.txt/);
  });

  test('a DASH-only resource (v1/t0.m4s) on the CMAF configuration is 404', async () => {
    const r = await get(child('ladder', 'kinora-default-cmaf', 'v1/t0.m4s'));
    assert.equal(r.statusCode, 404);
    assert.equal(errorOf(r).code, 'UNKNOWN_RESOURCE');
    const mpd = await get(child('ladder', 'kinora-default-cmaf', 'index.mpd'));
    assert.equal(mpd.statusCode, 404);
  });

  test('a non-hex hash is 400 BAD_PATH', async () => {
    const path = withParts(manifestPath('ladder', 'kinora-default-cmaf'), { asset: 'z'.repeat(32) });
    const r = await get(path);
    assert.equal(r.statusCode, 400);
    assert.equal(errorOf(r).code, 'BAD_PATH');
    const upper = withParts(manifestPath('ladder', 'kinora-default-cmaf'), { asset: 'A'.repeat(32) });
    assert.equal((await get(upper)).statusCode, 400);
  });

  test('paths with .., %2e%2e, %2F or a backslash are 400 BAD_PATH as sent on the wire', async () => {
    const base = child('ladder', 'kinora-default-cmaf', '');
    // each would reach a real resource if decoded/normalised first
    const hostile = [`${base}v1/../v1/1.m4s`, `${base}v1/%2e%2e/v1/1.m4s`, `${base}v1%2F1.m4s`, `${base}v1\\1.m4s`, `${base}./v1/1.m4s`];
    assert.equal((await rawGet(origin.baseUrl, `${base}v1/1.m4s`)).statusCode, 200, 'control: raw request works');
    for (const target of hostile) {
      const r = await rawGet(origin.baseUrl, target);
      assert.equal(r.statusCode, 400, target);
      assert.equal(JSON.parse(r.body).code, 'BAD_PATH', target);
    }
  });
});

describe('segment lists match what is served', () => {
  for (const track of ['v1', 'a1']) {
    test(`every ${track} segment of the CMAF media playlist answers 200, and the next one 404`, async () => {
      const playlist = (await get(child('ladder', 'kinora-default-cmaf', `${track}/media.m3u8`))).body;
      const uris = segmentUris(playlist);
      assert.ok(uris.length >= 5, playlist);
      assert.deepEqual(uris, uris.map((_, i) => `${i + 1}.m4s`));
      for (const uri of uris) {
        const r = await get(child('ladder', 'kinora-default-cmaf', `${track}/${uri}`));
        assert.equal(r.statusCode, 200, `${track}/${uri}`);
        assert.ok(r.rawPayload.byteLength > 100, `${track}/${uri}`);
      }
      const past = await get(child('ladder', 'kinora-default-cmaf', `${track}/${uris.length + 1}.m4s`));
      assert.equal(past.statusCode, 404);
      assert.equal(errorOf(past).code, 'SEGMENT_OUT_OF_RANGE');
    });
  }
});

describe('DASH segment templates', () => {
  test('kinora-default-dash: $Number$ with a SegmentTimeline', async () => {
    const mpd = (await get(manifestPath('ladder', 'kinora-default-dash'))).body;
    assert.match(mpd, /media="\$RepresentationID\$\/\$Number\$\.m4s"/);
    assert.match(mpd, /<SegmentTimeline>/);
    assert.match(mpd, /startNumber="1"/);
    assert.equal((await get(child('ladder', 'kinora-default-dash', 'v1/1.m4s'))).statusCode, 200);
  });

  test('dash-time: $Time$ with a SegmentTimeline; v1/t<first t> is the same bytes as v1/1.m4s', async () => {
    const mpd = (await get(manifestPath('ladder', 'dash-time'))).body;
    assert.match(mpd, /media="\$RepresentationID\$\/t\$Time\$\.m4s"/);
    assert.match(mpd, /<SegmentTimeline>/);
    assert.doesNotMatch(mpd, /\$Number\$/);
    const v1 = /<Representation id="v1"[\s\S]*?<\/Representation>/.exec(mpd)?.[0] ?? '';
    const t = /<S t="(\d+)"/.exec(v1)?.[1];
    assert.ok(t !== undefined, `no <S t=...> for v1 in\n${mpd}`);
    const byTime = await get(child('ladder', 'dash-time', `v1/t${t}.m4s`));
    assert.equal(byTime.statusCode, 200);
    assert.equal(byTime.headers['content-type'], 'video/mp4');
    const byNumber = await get(child('ladder', 'kinora-default-dash', 'v1/1.m4s'));
    assert.ok(byTime.rawPayload.equals(byNumber.rawPayload), 'same segment by time and by number');
    const wrong = await get(child('ladder', 'dash-time', `v1/t${Number(t) + 1}.m4s`));
    assert.equal(wrong.statusCode, 404);
    assert.equal(errorOf(wrong).code, 'SEGMENT_OUT_OF_RANGE');
  });

  test('dash-duration: SegmentTemplate with a duration and no SegmentTimeline', async () => {
    const mpd = (await get(manifestPath('ladder', 'dash-duration'))).body;
    assert.doesNotMatch(mpd, /SegmentTimeline/);
    const template = /<SegmentTemplate [^>]*>/.exec(mpd)?.[0] ?? '';
    assert.match(template, /\bduration="\d+"/);
    assert.match(template, /media="\$RepresentationID\$\/\$Number\$\.m4s"/);
    const timescale = Number(/timescale="(\d+)"/.exec(template)?.[1]);
    const duration = Number(/\bduration="(\d+)"/.exec(template)?.[1]);
    assert.equal(duration / timescale, 6);
  });
});

describe('configurable segment duration', () => {
  test('cmaf-2s: ~15 segments of 2 s', async () => {
    const playlist = (await get(child('ladder', 'cmaf-2s', 'v1/media.m3u8'))).body;
    const durations = extinfs(playlist);
    assert.equal(durations.length, 15, playlist);
    for (const d of durations) assert.ok(Math.abs(d - 2) < 0.05, `duration ${d}`);
    assert.match(playlist, /#EXT-X-TARGETDURATION:2\n/);
  });

  test('default CMAF: 5 segments of 6 s for the 30 s fixture', async () => {
    const playlist = (await get(child('ladder', 'kinora-default-cmaf', 'v1/media.m3u8'))).body;
    const durations = extinfs(playlist);
    assert.equal(durations.length, 5, playlist);
    for (const d of durations) assert.ok(Math.abs(d - 6) < 0.05, `duration ${d}`);
  });

  test('default CMAF: segments are no longer than 6 s and cover the 30 s', async () => {
    const playlist = (await get(child('ladder', 'kinora-default-cmaf', 'v1/media.m3u8'))).body;
    const durations = extinfs(playlist);
    assert.match(playlist, /#EXT-X-TARGETDURATION:6\n/);
    for (const d of durations) assert.ok(d <= 6.01, `duration ${d}`);
    assert.ok(Math.abs(durations.reduce((a, b) => a + b, 0) - 30) < 0.1, `total ${durations.join('+')}`);
    assert.ok(durations.length < 15, 'coarser than the 2 s configuration');
  });
});

describe('source storage failures at serving time', () => {
  test('a source segment deleted after ingest: 502 SOURCE_NOT_FOUND naming the file; others still serve', async () => {
    const folder = await copyLadder();
    try {
      const asset = await origin.addAsset('copy', join(folder, 'ladder.m3u8'));
      assert.equal(asset.status, 'PLAYABLE', asset.statusReason);
      assert.equal((await get(child('copy', 'kinora-default-cmaf', 'v1/1.m4s'))).statusCode, 200, 'serves before the deletion');
      unlinkSync(join(folder, 'ladder_180p_00000.ts'));
      const r = await get(child('copy', 'kinora-default-cmaf', 'v1/1.m4s'));
      assert.equal(r.statusCode, 502);
      const e = errorOf(r);
      assert.equal(e.code, 'SOURCE_NOT_FOUND');
      assert.match(e.message, /ladder_180p_00000\.ts/);
      // segments not needing the file, and other assets, are unaffected
      assert.equal((await get(child('copy', 'kinora-default-cmaf', 'v2/1.m4s'))).statusCode, 200);
      assert.equal((await get(child('ladder', 'kinora-default-cmaf', 'v1/1.m4s'))).statusCode, 200);
      assert.equal((await get(manifestPath('copy', 'kinora-default-cmaf'))).statusCode, 200);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  describe('slow storage', () => {
    let slowOrigin: TestOrigin;
    let store: HangingObjectStore;

    before(async () => {
      let dataDirOf = '';
      slowOrigin = await startOrigin({
        fixtures: ['ladder'],
        kinora: (dataDir) => {
          dataDirOf = dataDir;
          const catalog = new SqliteCatalog(join(dataDir, 'catalog.sqlite'));
          store = new HangingObjectStore(new FolderObjectStore(join(dataDir, 'buckets')));
          const reader = new SourceReader(store, { timeoutMs: 200 });
          const packager = new Packager(catalog, reader, { segmentCacheBytes: 0 });
          return { config: { ...configFromEnv({}), dataDir }, catalog, store, reader, packager, close: async () => catalog.close() };
        },
      });
      // the slow asset lives in the object store (s3://slow/...), so its reads go through HangingObjectStore
      const bucketFolder = join(dataDirOf, 'buckets', 'slow', 'ladder');
      mkdirSync(bucketFolder, { recursive: true });
      await copyLadder(bucketFolder);
      const asset = await slowOrigin.addAsset('slow', 's3://slow/ladder/ladder.m3u8');
      assert.equal(asset.status, 'PLAYABLE', asset.statusReason);
    });

    after(async () => {
      await slowOrigin?.close();
    });

    test('a read that never answers becomes 504 SOURCE_TIMEOUT, and the server keeps answering', async () => {
      assert.equal((await get(child('slow', 'kinora-default-cmaf', 'v1/1.m4s', slowOrigin), {}, slowOrigin)).statusCode, 200, 'serves while storage answers');
      store.hang = true;
      const r = await get(child('slow', 'kinora-default-cmaf', 'v1/2.m4s', slowOrigin), {}, slowOrigin);
      assert.equal(r.statusCode, 504);
      const e = errorOf(r);
      assert.equal(e.code, 'SOURCE_TIMEOUT');
      assert.match(e.message, /s3:\/\/slow\/ladder\/ladder_180p_0000\d\.ts/);
      // manifests come from the catalog's index, file: assets from disk: both unaffected
      assert.equal((await get(manifestPath('slow', 'kinora-default-cmaf', slowOrigin), {}, slowOrigin)).statusCode, 200);
      assert.equal((await get(child('ladder', 'kinora-default-cmaf', 'v1/1.m4s', slowOrigin), {}, slowOrigin)).statusCode, 200);
    });
  });
});

describe('access log', () => {
  let app: FastifyInstance;
  const lines: Record<string, unknown>[] = [];

  before(async () => {
    app = buildOriginApp({ catalog: origin.kinora.catalog, packager: origin.kinora.packager, accessLog: (line) => lines.push(line) }, Fastify({ logger: false }));
    await app.ready();
  });

  after(async () => {
    await app?.close();
  });

  test('one JSON-serialisable line per request with method, request, status, bytes, time, kind and asset', async () => {
    lines.length = 0;
    const segmentPath = child('ladder', 'kinora-default-cmaf', 'v1/1.m4s');
    const manifest = await app.inject({ method: 'GET', url: manifestPath('ladder', 'kinora-default-cmaf') });
    const segment = await app.inject({ method: 'GET', url: segmentPath });
    const missing = await app.inject({ method: 'GET', url: child('ladder', 'kinora-default-cmaf', 'v1/999.m4s') });
    assert.deepEqual([manifest.statusCode, segment.statusCode, missing.statusCode], [200, 200, 404]);
    assert.equal(lines.length, 3);

    for (const line of lines) {
      const parsed = JSON.parse(JSON.stringify(line));
      assert.equal(parsed.method, 'GET');
      assert.equal(typeof parsed.processingTime, 'number');
      assert.ok(parsed.processingTime >= 0);
      assert.equal(parsed.assetId, 'ladder');
    }
    assert.equal(lines[0].request, manifestPath('ladder', 'kinora-default-cmaf'));
    assert.equal(lines[0].kind, 'hlsMultivariant');
    assert.equal(lines[0].statusCode, 200);
    assert.equal(lines[0].sentBytes, manifest.rawPayload.byteLength);

    assert.equal(lines[1].request, segmentPath);
    assert.equal(lines[1].kind, 'segment');
    assert.equal(lines[1].statusCode, 200);
    assert.equal(lines[1].sentBytes, segment.rawPayload.byteLength);
    assert.ok((lines[1].sentBytes as number) > 1000);

    assert.equal(lines[2].statusCode, 404);
    assert.equal(lines[2].kind, 'segment');
    assert.equal(lines[2].errorCode, 'SEGMENT_OUT_OF_RANGE');
  });

  test('a 304 is logged with 0 bytes sent', async () => {
    lines.length = 0;
    const path = child('ladder', 'kinora-default-cmaf', 'v1/2.m4s');
    const etag = (await app.inject({ method: 'GET', url: path })).headers.etag as string;
    const notModified = await app.inject({ method: 'GET', url: path, headers: { 'if-none-match': etag } });
    assert.equal(notModified.statusCode, 304);
    assert.equal(lines.length, 2);
    assert.equal(lines[1].statusCode, 304);
    assert.equal(lines[1].sentBytes, 0);
  });
});
