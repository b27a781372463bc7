/**
 * A Kinora server on PostgreSQL (`databaseUrl`, as `DATABASE_URL` sets it)
 * through the official MediaPackage VOD client: a group, a configuration and
 * an asset made over HTTP become PLAYABLE and play, with nothing written to
 * SQLite. A second server on the same database and a fresh data dir (only a
 * copy of the buckets) finds the asset PLAYABLE and serves its egress URL at
 * once: the catalog and the source index live in the database.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import {
  CreateAssetCommand,
  CreatePackagingConfigurationCommand,
  CreatePackagingGroupCommand,
  DescribeAssetCommand,
  ListAssetsCommand,
  MediaPackageVodClient,
  type DescribeAssetCommandOutput,
} from '@aws-sdk/client-mediapackage-vod';
import { startKinoraServer, type KinoraServer } from '../../src/control/startKinoraServer.ts';
import { configFromEnv, type KinoraConfig } from '../../src/config/KinoraConfig.ts';
import { openPostgresPool } from '../../src/db/postgres/openPostgresPool.ts';
import { ensureFixture } from '../../scripts/fixtures.ts';
import { startPostgres, type TestPostgres } from '../support/startPostgres.ts';

const ROLE = 'arn:aws:iam::111122223333:role/MediaPackageReadS3';
const dirs: string[] = [];
let postgres: TestPostgres;
let databaseUrl: string;
let playlist: string;

before(async () => {
  postgres = await startPostgres();
  databaseUrl = await postgres.createDatabase();
  playlist = await ensureFixture('ladder');
});

after(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await postgres?.close();
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kinora-pg-server-'));
  dirs.push(dir);
  return dir;
}

function configFor(dir: string): KinoraConfig {
  return { ...configFromEnv({}), dataDir: dir, port: 0, databaseUrl };
}

function clientOf(server: KinoraServer): MediaPackageVodClient {
  return new MediaPackageVodClient({ endpoint: server.url, region: 'us-east-1', credentials: server.accessKey.key, maxAttempts: 1 });
}

/** Polls `read` until `done` holds (at most ~60 s), returning the last value. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 1200; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Fetches the HLS multivariant playlist at `url`, its first media playlist and that playlist's first segment; returns the segment. */
async function firstSegment(url: string): Promise<Uint8Array> {
  const multivariant = await fetch(url);
  assert.equal(multivariant.status, 200);
  const child = (await multivariant.text()).split('\n').find((l) => l.endsWith('.m3u8'))!;
  const mediaUrl = new URL(child, url);
  const media = await fetch(mediaUrl);
  assert.equal(media.status, 200);
  const segment = (await media.text()).split('\n').find((l) => l.endsWith('.m4s'))!;
  const response = await fetch(new URL(segment, mediaUrl));
  assert.equal(response.status, 200);
  return new Uint8Array(await response.arrayBuffer());
}

const endpointsSettled = (a: DescribeAssetCommandOutput) => (a.EgressEndpoints ?? []).length > 0 && a.EgressEndpoints!.every((e) => e.Status === 'PLAYABLE' || e.Status === 'FAILED');

test('an asset made on a PostgreSQL-backed server plays, and still plays from a second server on the same database and a fresh data dir', { timeout: 180_000 }, async () => {
  const firstDir = dataDir();
  cpSync(dirname(playlist), join(firstDir, 'buckets', 'media', 'ladder'), { recursive: true });
  const first = await startKinoraServer({ config: configFor(firstDir), accessLog: () => {} });
  let url: string;
  let segment: Uint8Array;
  try {
    assert.equal(first.kinora.stores?.backend, 'postgres');
    const client = clientOf(first);
    await client.send(new CreatePackagingGroupCommand({ Id: 'pg_group' }));
    await client.send(new CreatePackagingConfigurationCommand({ Id: 'pg_cmaf', PackagingGroupId: 'pg_group', CmafPackage: { HlsManifests: [{}], SegmentDurationSeconds: 2 } }));
    const created = await client.send(new CreateAssetCommand({ Id: 'pg_asset', PackagingGroupId: 'pg_group', SourceArn: `arn:aws:s3:::media/ladder/${basename(playlist)}`, SourceRoleArn: ROLE }));
    assert.equal(created.EgressEndpoints?.[0].Status, 'QUEUED');
    const ready = await until(() => client.send(new DescribeAssetCommand({ Id: 'pg_asset' })), endpointsSettled, 'the asset to be ingested');
    assert.equal(ready.EgressEndpoints![0].Status, 'PLAYABLE');
    url = ready.EgressEndpoints![0].Url!;
    segment = await firstSegment(url);
    assert.equal(Buffer.from(segment.subarray(4, 8)).toString('latin1'), 'styp');
    client.destroy();

    // Every store went to PostgreSQL: no SQLite file in the data dir, each component migrated in the database.
    for (const file of ['catalog.sqlite', 'events.sqlite', 'transcode.sqlite']) assert.equal(existsSync(join(firstDir, file)), false, `no ${file}`);
    const pool = openPostgresPool(databaseUrl);
    try {
      const components = await pool.query<{ component: string }>('SELECT DISTINCT component FROM schema_migrations ORDER BY component');
      assert.deepEqual(components.rows.map((r) => r.component), ['catalog', 'events', 'transcode']);
      const row = await pool.query<{ status: string; index_bytes: number }>("SELECT status, octet_length(source_index) AS index_bytes FROM assets WHERE id = 'pg_asset'");
      assert.equal(row.rows[0].status, 'PLAYABLE');
      assert.ok(row.rows[0].index_bytes > 0, 'the source index is in the database');
    } finally {
      await pool.end();
    }
  } finally {
    await first.close();
  }

  // A new process on another machine, as it were: only the buckets are copied, the data dir is otherwise empty.
  const secondDir = dataDir();
  cpSync(join(firstDir, 'buckets'), join(secondDir, 'buckets'), { recursive: true });
  const second = await startKinoraServer({ config: configFor(secondDir), accessLog: () => {} });
  try {
    assert.deepEqual(second.recovered, [], 'nothing to ingest again');
    const client = clientOf(second);
    const described = await client.send(new DescribeAssetCommand({ Id: 'pg_asset' }));
    assert.equal(described.EgressEndpoints![0].Status, 'PLAYABLE');
    const again = described.EgressEndpoints![0].Url!;
    assert.equal(new URL(again).pathname, new URL(url).pathname, 'the same egress path (group, configuration and asset hashes)');
    assert.deepEqual((await client.send(new ListAssetsCommand({}))).Assets?.map((a) => a.Id), ['pg_asset']);
    const replayed = await firstSegment(again);
    assert.ok(Buffer.from(replayed).equals(Buffer.from(segment)), 'the same segment bytes');
    client.destroy();
  } finally {
    await second.close();
  }
});

test('a server whose database cannot be reached fails to start, with the connection error', async () => {
  const dir = dataDir();
  await assert.rejects(
    startKinoraServer({ config: { ...configFor(dir), databaseUrl: 'postgres://postgres@127.0.0.1:1/kinora' }, accessLog: () => {} }),
    (e: any) => {
      assert.match(`${e?.code} ${e?.message}`, /ECONNREFUSED/);
      return true;
    },
  );
});
