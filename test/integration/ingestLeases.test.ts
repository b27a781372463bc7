/**
 * Ingest leases between two Kinora servers (startKinoraServer) on one
 * PostgreSQL database, each with its own data dir (a copy of the buckets):
 * assets created on server A are ingested once, by A (one IngestComplete
 * each across both servers' events), and server B, started while A's
 * ingests are in progress and polling all along, neither recovers nor
 * claims them. A's ingests wait at a gate in its source reader until the
 * test opens it, so "in progress" is a condition, not a timing.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Catalog } from '../../src/catalog/Catalog.ts';
import { configFromEnv, type KinoraConfig } from '../../src/config/KinoraConfig.ts';
import { openKinora, type Kinora } from '../../src/config/openKinora.ts';
import { MemoryEventSink } from '../../src/control/events/MemoryEventSink.ts';
import { startKinoraServer, type KinoraServer } from '../../src/control/startKinoraServer.ts';
import { openPostgresPool } from '../../src/db/postgres/openPostgresPool.ts';
import type { SourceReader } from '../../src/storage/SourceReader.ts';
import { ensureFixture } from '../../scripts/fixtures.ts';
import { startPostgres, type TestPostgres } from '../support/startPostgres.ts';

const ROLE = 'arn:aws:iam::111122223333:role/MediaPackageReadS3';
const ASSETS = ['lease_1', 'lease_2', 'lease_3'];
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

/** A data dir of its own, with the ladder in bucket `media`. */
function configWithBuckets(): KinoraConfig {
  const dir = mkdtempSync(join(tmpdir(), 'kinora-ingest-leases-'));
  dirs.push(dir);
  cpSync(dirname(playlist), join(dir, 'buckets', 'media', 'ladder'), { recursive: true });
  return { ...configFromEnv({}), dataDir: dir, port: 0, databaseUrl };
}

/** Polls `check` until it holds (at most ~60 s). */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** The reader with every read held until `open()`; `reads` counts the reads that reached the gate. */
function gatedReader(reader: SourceReader): { reader: SourceReader; open(): void; reads(): number } {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let reads = 0;
  const gated = new Proxy(reader, {
    get(target, name) {
      const value = Reflect.get(target, name, target);
      if (name !== 'read' && name !== 'readRange') return typeof value === 'function' ? value.bind(target) : value;
      return async (...args: unknown[]) => {
        reads++;
        await gate;
        return (value as (...a: unknown[]) => Promise<Uint8Array>).apply(target, args);
      };
    },
  });
  return { reader: gated, open, reads: () => reads };
}

/** The catalog, counting its `claimIngest` calls (each recover and poll makes one). */
function countingClaims(catalog: Catalog): { catalog: Catalog; claims(): number } {
  let claims = 0;
  const counted = new Proxy(catalog, {
    get(target, name) {
      const value = Reflect.get(target, name, target);
      if (typeof value !== 'function') return value;
      if (name !== 'claimIngest') return value.bind(target);
      return (...args: unknown[]) => {
        claims++;
        return value.apply(target, args);
      };
    },
  });
  return { catalog: counted, claims: () => claims };
}

const ingestEvents = (sink: MemoryEventSink, event: string) => sink.events.filter((e) => e.detail.event === event).map((e) => e.resources[0].split('/').pop()!);

test('two servers on one PostgreSQL: assets created on A are ingested once, and B started meanwhile does not ingest them again', { timeout: 180_000 }, async () => {
  const eventsA = new MemoryEventSink();
  const eventsB = new MemoryEventSink();
  const opened: Kinora = openKinora(configWithBuckets());
  const gate = gatedReader(opened.reader);
  let a: KinoraServer | undefined;
  let b: KinoraServer | undefined;
  const pool = openPostgresPool(databaseUrl);
  try {
    a = await startKinoraServer({ config: opened.config, kinora: { ...opened, reader: gate.reader }, events: eventsA, accessLog: () => {}, ingestLeases: { owner: 'server-a', pollIntervalMs: 50 } });
    await a.control.createPackagingGroup({ id: 'g' });
    await a.control.createPackagingConfiguration({ id: 'g_cmaf', packagingGroupId: 'g', cmafPackage: { hlsManifests: [{}], segmentDurationSeconds: 2 } });
    for (const id of ASSETS) await a.control.createAsset({ id, packagingGroupId: 'g', sourceArn: `arn:aws:s3:::media/ladder/${basename(playlist)}`, sourceRoleArn: ROLE });

    // A holds every asset's lease (two ingesting, one waiting its turn: concurrency 2), its ingests stopped at the gate.
    const owners = async () => (await pool.query<{ id: string; ingest_owner: string | null }>('SELECT id, ingest_owner FROM assets ORDER BY id')).rows;
    await until(async () => (await owners()).every((r) => r.ingest_owner === 'server-a'), "A's leases on the three assets");
    await until(() => gate.reads() >= 2, "A's ingests to reach their sources");
    assert.deepEqual((await pool.query("SELECT id FROM assets WHERE status IN ('QUEUED', 'PROCESSING') ORDER BY id")).rows.map((r) => r.id), ASSETS, 'still unfinished');

    // B starts now: nothing is free to recover; its polls find nothing either.
    const openedB = openKinora(configWithBuckets());
    const counted = countingClaims(openedB.catalog);
    b = await startKinoraServer({ config: openedB.config, kinora: { ...openedB, catalog: counted.catalog }, events: eventsB, accessLog: () => {}, ingestLeases: { owner: 'server-b', pollIntervalMs: 50 } });
    assert.deepEqual(b.recovered, [], 'B recovers nothing A is ingesting');
    await until(() => counted.claims() >= 5, "B's recover and several polls");
    assert.equal(b.ingest.size, 0, 'B took nothing');
    assert.deepEqual(ingestEvents(eventsB, 'IngestStart'), []);

    gate.open();
    await until(async () => (await pool.query("SELECT count(*)::int AS n FROM assets WHERE status = 'PLAYABLE'")).rows[0].n === ASSETS.length, 'every asset PLAYABLE');
    await until(() => ingestEvents(eventsA, 'IngestComplete').length === ASSETS.length, "A's IngestComplete events");
    // B keeps polling over finished assets: still nothing to claim.
    const seen = counted.claims();
    await until(() => counted.claims() >= seen + 5, 'more polls of B');
    assert.equal(b.ingest.size, 0);
    assert.deepEqual([...ingestEvents(eventsA, 'IngestComplete'), ...ingestEvents(eventsB, 'IngestComplete')].sort(), ASSETS, 'one IngestComplete per asset across both servers');
    assert.deepEqual(ingestEvents(eventsA, 'IngestStart').sort(), ASSETS);
    assert.deepEqual([...ingestEvents(eventsB, 'IngestStart'), ...ingestEvents(eventsB, 'IngestError')], [], 'B ingested nothing');
    assert.deepEqual((await owners()).map((r) => r.ingest_owner), [null, null, null], 'finished ingests hold no lease');

    // An asset created on B: B claims it at once (unless A's poll got in between the create and that claim); either way, ingested once.
    await b.control.createAsset({ id: 'lease_b', packagingGroupId: 'g', sourceArn: `arn:aws:s3:::media/ladder/${basename(playlist)}`, sourceRoleArn: ROLE });
    const completes = () => [...ingestEvents(eventsA, 'IngestComplete'), ...ingestEvents(eventsB, 'IngestComplete')];
    await until(() => completes().includes('lease_b'), 'the ingest of lease_b');
    await b.ingest.idle();
    await a.ingest.idle();
    assert.deepEqual(completes().sort(), [...ASSETS, 'lease_b']);
    assert.deepEqual([...ingestEvents(eventsA, 'IngestStart'), ...ingestEvents(eventsB, 'IngestStart')].sort(), [...ASSETS, 'lease_b']);
  } finally {
    await pool.end();
    await b?.close();
    await a?.close();
  }
});
