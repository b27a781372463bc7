/**
 * A source in S3, end to end: the `ladder` fixture (3 H.264 TS renditions +
 * AAC, 2 s segments, 30 s) uploaded through S3ObjectStore into a real S3
 * protocol server (s3rver), ingested as `s3://media/sources/ladder/ladder.m3u8`,
 * then its DASH manifest, init segments and media segments fetched through the
 * origin with `inject()`. The reference is the same files under the same URI in
 * a FolderObjectStore: the origin must serve the same bytes from either
 * adapter. The segment cache is off, so every segment is read from S3 when asked.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { SqliteCatalog } from '../../src/catalog/SqliteCatalog.ts';
import { configFromEnv } from '../../src/config/KinoraConfig.ts';
import type { Kinora } from '../../src/config/openKinora.ts';
import { Packager } from '../../src/origin/Packager.ts';
import { createObjectStore } from '../../src/storage/createObjectStore.ts';
import type { ObjectStore } from '../../src/storage/ObjectStore.ts';
import { S3ObjectStore } from '../../src/storage/S3ObjectStore.ts';
import { SourceReader } from '../../src/storage/SourceReader.ts';
import { ensureFixture } from '../../scripts/fixtures.ts';
import { startOrigin, type TestOrigin } from '../support/startOrigin.ts';
import { startS3rver, type TestS3rver } from '../support/startS3rver.ts';

const BUCKET = 'media';
const PREFIX = 'sources/ladder/';
const SOURCE = `s3://${BUCKET}/${PREFIX}ladder.m3u8`;

let s3: TestS3rver;
let s3Store: S3ObjectStore;
let fromS3: TestOrigin;
let fromFolder: TestOrigin;

/** Uploads the fixture folder's playlists and segments under PREFIX. */
async function upload(store: ObjectStore): Promise<string[]> {
  const folder = dirname(await ensureFixture('ladder'));
  const names = readdirSync(folder).sort();
  for (const name of names) await store.put(BUCKET, PREFIX + name, readFileSync(join(folder, name)));
  return names;
}

/** The parts of a Kinora (as `openKinora` wires them) over the given store. */
function kinoraOver(store: ObjectStore, dataDir: string, close: () => void): Kinora {
  const catalog = new SqliteCatalog(join(dataDir, 'catalog.sqlite'));
  const reader = new SourceReader(store, { timeoutMs: 10_000 });
  const packager = new Packager(catalog, reader, { segmentCacheBytes: 0 });
  return {
    config: { ...configFromEnv({}), dataDir, segmentCacheBytes: 0 },
    catalog,
    store,
    reader,
    packager,
    async close() {
      catalog.close();
      close();
    },
  };
}

function get(origin: TestOrigin, url: string) {
  return origin.app.inject({ method: 'GET', url });
}

/** Init and media segment paths of every representation, expanded from the MPD's SegmentTemplate (ISO/IEC 23009-1 5.3.9.4). */
function segmentPaths(mpd: string, manifestPath: string): { id: string; init: string; media: string[] }[] {
  const base = manifestPath.replace(/[^/]+$/, '');
  return [...mpd.matchAll(/<Representation id="([^"]+)"[\s\S]*?<SegmentTemplate ([^>]*)>([\s\S]*?)<\/SegmentTemplate>/g)].map(([, id, attributes, timeline]) => {
    const attribute = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(attributes)?.[1] ?? '';
    const count = [...timeline.matchAll(/<S ([^>]*)\/>/g)].reduce((n, [, s]) => n + 1 + Number(/\br="(\d+)"/.exec(s)?.[1] ?? 0), 0);
    const start = Number(attribute('startNumber') || 1);
    const expand = (template: string, number?: number) => base + template.replace('$RepresentationID$', id).replace('$Number$', String(number));
    return { id, init: expand(attribute('initialization')), media: Array.from({ length: count }, (_, i) => expand(attribute('media'), start + i)) };
  });
}

before(async () => {
  s3 = await startS3rver({ buckets: [BUCKET] });
  fromS3 = await startOrigin({
    kinora: (dataDir) => {
      const store = createObjectStore({ dataDir, s3Endpoint: s3.endpoint, s3Region: s3.region, s3Credentials: s3.credentials });
      assert.ok(store instanceof S3ObjectStore);
      s3Store = store;
      return kinoraOver(store, dataDir, () => store.close());
    },
  });
  fromFolder = await startOrigin();
  const uploaded = await upload(fromS3.kinora.store);
  assert.deepEqual(await upload(fromFolder.kinora.store), uploaded);
  assert.ok(uploaded.length > 20, `fixture files: ${uploaded.join(', ')}`);
});

after(async () => {
  await fromS3?.close();
  await fromFolder?.close();
  await s3?.close();
});

describe('an HLS source in S3', () => {
  test('ingests from s3:// to PLAYABLE; the uploaded objects are listed in S3 with their sizes', async () => {
    const s3Asset = await fromS3.addAsset('ladder', SOURCE);
    const folderAsset = await fromFolder.addAsset('ladder', SOURCE);
    assert.equal(s3Asset.status, 'PLAYABLE', s3Asset.statusReason);
    assert.equal(folderAsset.status, 'PLAYABLE', folderAsset.statusReason);
    assert.equal(s3Asset.sourceArn, SOURCE);
    // The uploaded objects are really in S3: listed through the adapter, with their sizes.
    const listed = await s3Store.list(BUCKET, PREFIX);
    const folder = dirname(await ensureFixture('ladder'));
    assert.deepEqual(
      listed.map((o) => [o.key, o.size]),
      readdirSync(folder)
        .sort()
        .map((name) => [PREFIX + name, readFileSync(join(folder, name)).length]),
    );
  });

  test('serves the DASH manifest and every init and media segment byte for byte as from the folder adapter', async () => {
    const s3Manifest = await get(fromS3, fromS3.urls.ladder['kinora-default-dash']);
    const folderManifest = await get(fromFolder, fromFolder.urls.ladder['kinora-default-dash']);
    assert.equal(s3Manifest.statusCode, 200, s3Manifest.body);
    assert.equal(s3Manifest.headers['content-type'], 'application/dash+xml');
    assert.equal(s3Manifest.body, folderManifest.body);

    const representations = segmentPaths(s3Manifest.body, fromS3.urls.ladder['kinora-default-dash']);
    const folderRepresentations = segmentPaths(folderManifest.body, fromFolder.urls.ladder['kinora-default-dash']);
    assert.deepEqual(
      representations.map((r) => [r.id, r.media.length]),
      [
        ['v1', 5],
        ['v2', 5],
        ['v3', 5],
        ['a1', 5],
      ],
    );
    for (const [i, representation] of representations.entries()) {
      const paths = [representation.init, ...representation.media];
      const folderPaths = [folderRepresentations[i].init, ...folderRepresentations[i].media];
      for (const [j, path] of paths.entries()) {
        const fromS3Segment = await get(fromS3, path);
        const fromFolderSegment = await get(fromFolder, folderPaths[j]);
        assert.equal(fromS3Segment.statusCode, 200, `${path}: ${fromS3Segment.body.slice(0, 300)}`);
        assert.equal(fromFolderSegment.statusCode, 200, folderPaths[j]);
        assert.ok(fromS3Segment.rawPayload.length > 100, path);
        assert.ok(fromS3Segment.rawPayload.equals(fromFolderSegment.rawPayload), `${path}: ${fromS3Segment.rawPayload.length} bytes from S3, ${fromFolderSegment.rawPayload.length} from the folder`);
      }
    }
    const segment = await get(fromS3, representations[2].media[3]);
    assert.equal(segment.rawPayload.subarray(4, 8).toString('latin1'), 'styp');
  });

  test('source segments deleted or shortened in S3 after ingest are 502s naming the s3:// object', async () => {
    const copy = `s3://${BUCKET}/copy/ladder.m3u8`;
    const folder = dirname(await ensureFixture('ladder'));
    for (const name of readdirSync(folder)) await s3Store.put(BUCKET, `copy/${name}`, readFileSync(join(folder, name)));
    const asset = await fromS3.addAsset('copy', copy);
    assert.equal(asset.status, 'PLAYABLE', asset.statusReason);
    const manifestUrl = fromS3.urls.copy['kinora-default-dash'];
    const [first, second] = segmentPaths((await get(fromS3, manifestUrl)).body, manifestUrl)[0].media;
    assert.equal((await get(fromS3, first)).statusCode, 200);
    assert.equal((await get(fromS3, second)).statusCode, 200);

    // 6 s DASH segments: v1 segment 1 needs source segments 0-2, segment 2 needs 3-5.
    await s3Store.client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'copy/ladder_180p_00000.ts' }));
    await s3Store.put(BUCKET, 'copy/ladder_180p_00003.ts', new Uint8Array(188));
    const deleted = await get(fromS3, first);
    assert.equal(deleted.statusCode, 502);
    assert.equal(JSON.parse(deleted.body).code, 'SOURCE_NOT_FOUND');
    assert.match(JSON.parse(deleted.body).message, /s3:\/\/media\/copy\/ladder_180p_00000\.ts/);
    // Shorter than the index says: refused, never packaged from short data.
    const shortened = await get(fromS3, second);
    assert.equal(shortened.statusCode, 502);
    assert.equal(JSON.parse(shortened.body).code, 'SOURCE_UNAVAILABLE');
    assert.match(JSON.parse(shortened.body).message, /s3:\/\/media\/copy\/ladder_180p_00003\.ts/);
  });
});
