/**
 * Source access rules, end to end through the control plane: web sources on
 * the KINORA_SOURCE_HOSTS allow-list, and `sourceRoleArn` read policies.
 *
 * The web sources are the `ladder` fixture served by a plain-HTTP server on
 * 127.0.0.1 (HTTPS-less: the allow-list accepts http:// only for loopback
 * addresses it names, for tests like this one). The server is the real one
 * (`startKinoraServer`), so the host list and the policy file come from the
 * configuration, and assets are created through the control plane.
 *
 * Two servers: `open` has no policy file (today's behaviour: any role reads
 * any bucket); `guarded` has `<data>/source-policies.json` granting ROLE
 * `s3://media/assets/*` and the web server's `/vod/*`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { startKinoraServer, type KinoraServer } from '../../src/control/startKinoraServer.ts';
import { configFromEnv, type KinoraConfig } from '../../src/config/KinoraConfig.ts';
import { MemoryEventSink } from '../../src/control/events/MemoryEventSink.ts';
import { FolderObjectStore } from '../../src/storage/FolderObjectStore.ts';
import { SourceReader } from '../../src/storage/SourceReader.ts';
import { KinoraError } from '../../src/errors/KinoraError.ts';
import { ensureFixture } from '../../scripts/fixtures.ts';

const ROLE = 'arn:aws:iam::111122223333:role/MediaPackageRead';
const OTHER_ROLE = 'arn:aws:iam::111122223333:role/SomeoneElse';

let ladderDir: string;
let web: Server;
let port: number;
let webBase: string;
/** Every request the web server got: Host header, path and Range header. */
const requests: { host?: string; path: string; range?: string }[] = [];
/** Answers the slow route holds open until the server closes. */
const held: ServerResponse[] = [];

let openDir: string;
let open: KinoraServer;
const openEvents = new MemoryEventSink();
let guardedDir: string;
let guarded: KinoraServer;
const guardedEvents = new MemoryEventSink();

/** Serves `dir/<name>` with single byte-range support (RFC 9110 14.2). */
function serveFile(res: ServerResponse, file: string, range: string | undefined): void {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    res.writeHead(404).end();
    return;
  }
  const bytes = readFileSync(file);
  const m = range ? /^bytes=(\d+)-(\d*)$/.exec(range) : null;
  if (m) {
    const first = Number(m[1]);
    const last = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (first >= size) {
      res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
      return;
    }
    res.writeHead(206, { 'content-range': `bytes ${first}-${last}/${size}`, 'content-length': last - first + 1 }).end(bytes.subarray(first, last + 1));
    return;
  }
  res.writeHead(200, { 'content-length': size }).end(bytes);
}

/** A multivariant playlist whose first variant lives on another origin (localhost instead of 127.0.0.1). */
function crossOriginPlaylist(): string {
  return readFileSync(join(ladderDir, 'ladder.m3u8'), 'utf8').replace('\nladder_180p.m3u8', `\nhttp://localhost:${port}/vod/ladder/ladder_180p.m3u8`);
}

/** A multivariant playlist under /vod/leaky/ whose variant climbs out of that prefix. */
function prefixEscapingPlaylist(): string {
  return readFileSync(join(ladderDir, 'ladder.m3u8'), 'utf8').replace('\nladder_180p.m3u8', '\n../ladder/ladder_180p.m3u8');
}

function startWeb(): Promise<void> {
  web = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push({ host: req.headers.host, path, range: req.headers.range });
    const file = (prefix: string) => join(ladderDir, basename(path.slice(prefix.length)));
    if (path.startsWith('/vod/ladder/') || path.startsWith('/private/ladder/')) return serveFile(res, file(path.startsWith('/vod/') ? '/vod/ladder/' : '/private/ladder/'), req.headers.range);
    if (path === '/vod/cross/ladder.m3u8') return void res.writeHead(200).end(crossOriginPlaylist());
    if (path === '/vod/leaky/ladder.m3u8') return void res.writeHead(200).end(prefixEscapingPlaylist());
    if (path === '/vod/redirect-out/ladder.m3u8') return void res.writeHead(302, { location: `http://localhost:${port}/vod/ladder/ladder.m3u8` }).end();
    if (path === '/vod/redirect-private/ladder.m3u8') return void res.writeHead(302, { location: '/private/ladder/ladder.m3u8' }).end();
    if (path === '/vod/slow/ladder.m3u8') return void held.push(res);
    res.writeHead(404).end();
  });
  return new Promise((resolve) => {
    web.listen(0, '127.0.0.1', () => {
      const address = web.address();
      port = typeof address === 'object' && address ? address.port : 0;
      webBase = `http://127.0.0.1:${port}`;
      resolve();
    });
  });
}

async function startServer(dataDir: string, events: MemoryEventSink): Promise<KinoraServer> {
  const config: KinoraConfig = { ...configFromEnv({}), dataDir, port: 0, segmentCacheBytes: 0, sourceTimeoutMs: 3000, sourceHosts: [`127.0.0.1:${port}`] };
  const server = await startKinoraServer({ config: { ...config }, events, listen: false, accessLog: () => {} });
  await server.control.createPackagingGroup({ id: 'g' });
  await server.control.createPackagingConfiguration({ id: 'g-dash', packagingGroupId: 'g', dashPackage: { dashManifests: [{}], segmentDurationSeconds: 6 } });
  return server;
}

/** Creates an asset, waits for its ingest, and returns its catalog record. */
async function ingest(server: KinoraServer, id: string, sourceArn: string, role = ROLE) {
  await server.control.createAsset({ id, packagingGroupId: 'g', sourceArn, sourceRoleArn: role });
  await server.ingest.idle();
  const asset = await server.kinora.catalog.getAsset(id);
  assert.ok(asset, `asset ${id} exists`);
  return asset;
}

function bucket(dataDir: string, path: string): string {
  const dir = join(dataDir, 'buckets', path);
  mkdirSync(dirname(dir), { recursive: true });
  cpSync(ladderDir, dir, { recursive: true });
  return dir;
}

/** The manifest path and, from its first Representation's SegmentTemplate, the init and second media segment paths. */
async function dashPaths(server: KinoraServer, id: string): Promise<{ mpd: string; init: string; media: string }> {
  const described = (await server.control.describeAsset(id)) as { egressEndpoints: { url: string }[] };
  const mpdPath = new URL(described.egressEndpoints[0].url).pathname;
  const mpd = await server.app.inject({ method: 'GET', url: mpdPath });
  assert.equal(mpd.statusCode, 200, mpd.body);
  const [, reprId, attributes] = /<Representation id="([^"]+)"[\s\S]*?<SegmentTemplate ([^>]*)>/.exec(mpd.body) ?? [];
  assert.ok(reprId, mpd.body);
  const attribute = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(attributes)?.[1] ?? '';
  const base = mpdPath.replace(/[^/]+$/, '');
  const start = Number(attribute('startNumber') || 1);
  const expand = (template: string, n: number) => base + template.replace('$RepresentationID$', reprId).replace('$Number$', String(n));
  return { mpd: mpd.body, init: expand(attribute('initialization'), 0), media: expand(attribute('media'), start + 1) };
}

before(async () => {
  ladderDir = dirname(await ensureFixture('ladder'));
  await startWeb();

  openDir = mkdtempSync(join(tmpdir(), 'kinora-source-open-'));
  bucket(openDir, 'media/ladder');
  bucket(openDir, 'other/ladder');
  open = await startServer(openDir, openEvents);

  guardedDir = mkdtempSync(join(tmpdir(), 'kinora-source-guarded-'));
  bucket(guardedDir, 'media/assets/ladder');
  bucket(guardedDir, 'media/private/ladder');
  bucket(guardedDir, 'other/ladder');
  // A media playlist inside the allowed prefix whose segments are outside it (same bucket, so ingest confinement lets it through).
  const leaky = readFileSync(join(ladderDir, 'ladder_180p.m3u8'), 'utf8').replace(/^(ladder_180p_\d+\.ts)$/gm, '../../private/ladder/$1');
  mkdirSync(join(guardedDir, 'buckets', 'media', 'assets', 'leaky'), { recursive: true });
  writeFileSync(join(guardedDir, 'buckets', 'media', 'assets', 'leaky', 'index.m3u8'), leaky);
  writeFileSync(join(guardedDir, 'source-policies.json'), JSON.stringify({ roles: { [ROLE]: { allow: ['s3://media/assets/*', `${webBase}/vod/*`] } } }));
  guarded = await startServer(guardedDir, guardedEvents);
});

after(async () => {
  await open?.close();
  await guarded?.close();
  for (const res of held) res.destroy();
  web?.closeAllConnections();
  await new Promise((resolve) => web?.close(resolve));
  rmSync(openDir, { recursive: true, force: true });
  rmSync(guardedDir, { recursive: true, force: true });
});

describe('web sources on the KINORA_SOURCE_HOSTS allow-list', () => {
  test('a listed 127.0.0.1:<port> source becomes PLAYABLE; its DASH segments equal those packaged from a folder bucket, read by Range', async () => {
    const source = `${webBase}/vod/ladder/ladder.m3u8`;
    const fromWeb = await ingest(open, 'web', source);
    assert.equal(fromWeb.status, 'PLAYABLE', fromWeb.statusReason);
    const described = (await open.control.describeAsset('web')) as { sourceArn: string };
    assert.equal(described.sourceArn, source, 'the API returns the URL as given');
    const fromFolder = await ingest(open, 'folder', 'arn:aws:s3:::media/ladder/ladder.m3u8');
    assert.equal(fromFolder.status, 'PLAYABLE', fromFolder.statusReason);

    const webPaths = await dashPaths(open, 'web');
    const folderPaths = await dashPaths(open, 'folder');
    assert.equal(webPaths.mpd, folderPaths.mpd);
    const before = requests.filter((r) => r.range).length;
    for (const kind of ['init', 'media'] as const) {
      const a = await open.app.inject({ method: 'GET', url: webPaths[kind] });
      const b = await open.app.inject({ method: 'GET', url: folderPaths[kind] });
      assert.equal(a.statusCode, 200, `${kind} ${webPaths[kind]}: ${a.body}`);
      assert.equal(b.statusCode, 200, `${kind} ${folderPaths[kind]}: ${b.body}`);
      assert.ok(a.rawPayload.length > (kind === 'init' ? 100 : 10_000), `${kind} is ${a.rawPayload.length} bytes`);
      assert.deepEqual(a.rawPayload, b.rawPayload, `${kind} segment differs`);
    }
    const ranged = requests.filter((r) => r.range).slice(before);
    assert.ok(ranged.length > 0, 'packaging read the web source with Range requests');
    assert.ok(ranged.every((r) => /^bytes=\d+-\d+$/.test(r.range!) && r.path.startsWith('/vod/ladder/ladder_')), JSON.stringify(ranged.slice(0, 5)));
  });

  test('localhost is refused when only 127.0.0.1:<port> is listed: CreateAsset answers 422 naming the host and the list, and makes no asset', async () => {
    await assert.rejects(open.control.createAsset({ id: 'localhost', packagingGroupId: 'g', sourceArn: `http://localhost:${port}/vod/ladder/ladder.m3u8`, sourceRoleArn: ROLE }), (e: unknown) => {
      assert.ok(e instanceof KinoraError);
      assert.equal(e.code, 'INVALID_REQUEST');
      assert.equal(e.subject, 'sourceArn');
      assert.match(e.message, new RegExp(`^sourceArn: http://localhost:${port}/vod/ladder/ladder\\.m3u8: host localhost:${port} is not on KINORA_SOURCE_HOSTS \\(127\\.0\\.0\\.1:${port}\\)`));
      return true;
    });
    assert.equal(await open.kinora.catalog.getAsset('localhost'), undefined);
    // The same check guards ingest (assets made before the list changed, or through the catalog directly).
    const reader = new SourceReader(new FolderObjectStore(join(openDir, 'buckets')), { sourceHosts: [`127.0.0.1:${port}`] });
    try {
      await assert.rejects(reader.read(`http://localhost:${port}/vod/ladder/ladder.m3u8`), { code: 'SOURCE_FORBIDDEN', message: new RegExp(`host localhost:${port} is not on KINORA_SOURCE_HOSTS`) });
    } finally {
      await reader.close();
    }
  });

  test('a listed name that resolves to an unlisted loopback address is refused at connection time, naming the address', async () => {
    // The name is on the list; the address it resolves to is not: the check is on resolved addresses, not the host string.
    const reader = new SourceReader(new FolderObjectStore(join(openDir, 'buckets')), { sourceHosts: [`localhost:${port}`] });
    try {
      await assert.rejects(reader.read(`http://localhost:${port}/vod/ladder/ladder.m3u8`), (e: unknown) => {
        assert.ok(e instanceof KinoraError);
        assert.equal(e.code, 'SOURCE_FORBIDDEN');
        assert.match(e.message, new RegExp(`localhost resolves to (127\\.0\\.0\\.1|::1)`));
        assert.match(e.message, /loopback/);
        return true;
      });
    } finally {
      await reader.close();
    }
    assert.ok(!requests.some((r) => r.host === `localhost:${port}`), 'nothing was sent to localhost');
  });

  test('a redirect to an unlisted host is refused, naming both URLs', async () => {
    const asset = await ingest(open, 'redirect-out', `${webBase}/vod/redirect-out/ladder.m3u8`);
    assert.equal(asset.status, 'FAILED');
    assert.match(asset.statusReason!, new RegExp(`^SOURCE_FORBIDDEN: ${webBase}/vod/redirect-out/ladder\\.m3u8 redirects to http://localhost:${port}/vod/ladder/ladder\\.m3u8, which is refused: .*not on KINORA_SOURCE_HOSTS`));
  });

  test('a playlist referencing another origin is refused', async () => {
    const asset = await ingest(open, 'cross', `${webBase}/vod/cross/ladder.m3u8`);
    assert.equal(asset.status, 'FAILED');
    assert.match(asset.statusReason!, /^SOURCE_FORBIDDEN: "http:\/\/localhost:\d+\/vod\/ladder\/ladder_180p\.m3u8" in .*outside the asset's source root .*another origin than http:\/\/127\.0\.0\.1:\d+/);
  });

  test("a playlist reference leaving the playlist's path prefix is refused", async () => {
    const asset = await ingest(open, 'leaky-web', `${webBase}/vod/leaky/ladder.m3u8`);
    assert.equal(asset.status, 'FAILED');
    assert.match(asset.statusReason!, /^SOURCE_FORBIDDEN: "\.\.\/ladder\/ladder_180p\.m3u8" in .*outside the path prefix \/vod\/leaky\//);
  });

  test('a slow web source fails with SOURCE_TIMEOUT naming the URL', async () => {
    const asset = await ingest(open, 'slow', `${webBase}/vod/slow/ladder.m3u8`);
    assert.equal(asset.status, 'FAILED');
    assert.match(asset.statusReason!, new RegExp(`^SOURCE_TIMEOUT: ${webBase}/vod/slow/ladder\\.m3u8 did not answer within 3000 ms`));
  });

  test('CreateAsset refuses plain http:// to a non-loopback host and URLs with a query (422)', async () => {
    await assert.rejects(open.control.createAsset({ id: 'lan', packagingGroupId: 'g', sourceArn: 'http://10.0.0.5/vod/x.m3u8', sourceRoleArn: ROLE }), { code: 'INVALID_REQUEST', message: /plain http:\/\/, accepted only for loopback/ });
    await assert.rejects(open.control.createAsset({ id: 'signed', packagingGroupId: 'g', sourceArn: 'https://cdn.example.com/vod/x.m3u8?token=1', sourceRoleArn: ROLE }), { code: 'INVALID_REQUEST', message: /must not contain \? or #/ });
    await assert.rejects(open.control.createAsset({ id: 'mp4', packagingGroupId: 'g', sourceArn: 'https://cdn.example.com/vod/x.mp4', sourceRoleArn: ROLE }), { code: 'INVALID_REQUEST', message: /\.m3u8/ });
    assert.equal(await open.kinora.catalog.getAsset('lan'), undefined);
  });
});

describe('sourceRoleArn read policies', () => {
  test('without a policy file any role reads any bucket (today\'s behaviour)', async () => {
    const asset = await ingest(open, 'any-bucket', 'arn:aws:s3:::other/ladder/ladder.m3u8', OTHER_ROLE);
    assert.equal(asset.status, 'PLAYABLE', asset.statusReason);
  });

  test('a role reading under its allowed prefix: PLAYABLE', async () => {
    const asset = await ingest(guarded, 'allowed', 'arn:aws:s3:::media/assets/ladder/ladder.m3u8');
    assert.equal(asset.status, 'PLAYABLE', asset.statusReason);
  });

  test('a role reading a web source its patterns allow: PLAYABLE', async () => {
    const asset = await ingest(guarded, 'allowed-web', `${webBase}/vod/ladder/ladder.m3u8`);
    assert.equal(asset.status, 'PLAYABLE', asset.statusReason);
  });

  test('another bucket: FAILED with Access Denied naming the role and the object; IngestError says so', async () => {
    const asset = await ingest(guarded, 'other-bucket', 'arn:aws:s3:::other/ladder/ladder.m3u8');
    assert.equal(asset.status, 'FAILED');
    const reason = `SOURCE_FORBIDDEN: Access Denied: role ${ROLE} is not authorized to read s3://other/ladder/ladder.m3u8`;
    assert.ok(asset.statusReason!.startsWith(reason), asset.statusReason);
    assert.match(asset.statusReason!, /no "allow" pattern of the role in .*source-policies\.json matches it/);
    const described = (await guarded.control.describeAsset('other-bucket')) as { statusReason?: string };
    assert.equal(described.statusReason, asset.statusReason);
    const error = guardedEvents.events.find((e) => e.detail.event === 'IngestError' && e.resources[0] === asset.arn);
    assert.ok(error, 'an IngestError event');
    assert.equal(error.detail.message, `Ingest failed for asset 'other-bucket': ${asset.statusReason}`);
  });

  test('a playlist whose segments leave the allowed prefix: FAILED naming the first segment outside it', async () => {
    const asset = await ingest(guarded, 'leaky', 'arn:aws:s3:::media/assets/leaky/index.m3u8');
    assert.equal(asset.status, 'FAILED');
    assert.ok(asset.statusReason!.startsWith(`SOURCE_FORBIDDEN: Access Denied: role ${ROLE} is not authorized to read s3://media/private/ladder/ladder_180p_00000.ts`), asset.statusReason);
  });

  test('a web redirect to a listed host but outside the role\'s patterns: FAILED with Access Denied', async () => {
    const asset = await ingest(guarded, 'redirect-private', `${webBase}/vod/redirect-private/ladder.m3u8`);
    assert.equal(asset.status, 'FAILED');
    assert.match(asset.statusReason!, new RegExp(`^SOURCE_FORBIDDEN: ${webBase}/vod/redirect-private/ladder\\.m3u8 redirects to ${webBase}/private/ladder/ladder\\.m3u8, which is refused: Access Denied: role ${ROLE.replace(/[/.]/g, '\\$&')}`));
  });

  test('a role missing from the policy file: FAILED with Access Denied naming the role', async () => {
    const asset = await ingest(guarded, 'stranger', 'arn:aws:s3:::media/assets/ladder/ladder.m3u8', OTHER_ROLE);
    assert.equal(asset.status, 'FAILED');
    assert.ok(
      asset.statusReason!.startsWith(`SOURCE_FORBIDDEN: Access Denied: role ${OTHER_ROLE} is not authorized to read s3://media/assets/ladder/ladder.m3u8: the role is not in the source read policy`),
      asset.statusReason,
    );
  });
});
