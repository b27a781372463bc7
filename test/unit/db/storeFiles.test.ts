/**
 * A data dir made by an earlier Kinora opens and upgrades: the SQLite files in
 * fixtures/ were written by the stores as they were before they shared
 * src/db/sqlite (fixtures/writeStoreFiles.ts). Each is opened by today's
 * store, which must read every record back and keep the file's migrations
 * table as it was, with only the migrations added since appended (none
 * re-applied or re-recorded), and every table and index it had still there.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { SqliteCatalog } from '../../../src/catalog/SqliteCatalog.ts';
import { sqliteMigrations } from '../../../src/catalog/sqliteMigrations.ts';
import { SqliteEventStore } from '../../../src/events/store/SqliteEventStore.ts';
import { sqliteEventStoreMigrations } from '../../../src/events/store/sqliteEventStoreMigrations.ts';
import { SqliteJobStore } from '../../../src/transcode/SqliteJobStore.ts';
import { storeFileRecords as r } from './fixtures/storeFileRecords.ts';

const dir = mkdtempSync(join(tmpdir(), 'kinora-store-files-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The committed file, unpacked to a path of its own. */
function unpack(name: string): string {
  const path = join(dir, name);
  writeFileSync(path, gunzipSync(readFileSync(new URL(`fixtures/${name}.gz`, import.meta.url))));
  return path;
}

/**
 * Opening an old file: the migrations it recorded stay as they were (same
 * rows), the ones added since come after them in order, and nothing it had
 * (table, index) is gone.
 */
function assertUpgraded(before: { schema: unknown[]; migrations: unknown[] }, after: { schema: unknown[]; migrations: unknown[] }, versions: number[]): void {
  assert.deepEqual(after.migrations.slice(0, before.migrations.length), before.migrations, 'the recorded migrations are kept as they were');
  assert.deepEqual(after.migrations.map((m: any) => m.version), versions, 'the migrations added since are applied once, in order');
  const names = (schema: unknown[]) => schema.map((o: any) => `${o.type} ${o.name}`);
  for (const name of names(before.schema)) assert.ok(names(after.schema).includes(name), `${name} is still there`);
}

/** Everything that makes up the file's schema, plus the rows of its migrations table. */
function layout(path: string, migrationsTable: string): { schema: unknown[]; migrations: unknown[] } {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return {
      schema: db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name').all(),
      migrations: db.prepare(`SELECT version, name, applied_at FROM ${migrationsTable} ORDER BY version`).all(),
    };
  } finally {
    db.close();
  }
}

describe('SQLite files written before the stores shared src/db/sqlite', () => {
  test('catalog.sqlite: records, status and source index read back; schema_migrations kept, newer migrations appended', async () => {
    const path = unpack('catalog.sqlite');
    const before = layout(path, 'schema_migrations');
    const versions = sqliteMigrations.map((m) => m.version);
    assert.deepEqual(before.migrations.map((m: any) => m.version), versions.slice(0, before.migrations.length), 'the file has a prefix of today\'s migrations');

    const catalog = new SqliteCatalog(path);
    assert.deepEqual(catalog.schemaVersions(), versions);
    assert.deepEqual(await catalog.getGroupByHash(r.group.hash), r.group);
    assert.deepEqual(await catalog.listConfigurations(r.group.id), [r.configuration]);
    assert.deepEqual(await catalog.getAsset(r.asset.id), r.asset);
    assert.deepEqual(await catalog.listAssetsByStatus(['PLAYABLE']), [r.asset]);
    assert.deepEqual(await catalog.countAssetsByStatus(), { QUEUED: 0, PROCESSING: 0, PLAYABLE: 1, FAILED: 0 });
    assert.deepEqual(await catalog.getAssetIndex(r.asset.id), r.assetIndex);
    await catalog.close();

    assertUpgraded(before, layout(path, 'schema_migrations'), versions);
  });

  test('events.sqlite: rules, targets, deliveries, dead letters and keys read back; event_store_migrations kept, newer migrations appended', async () => {
    const path = unpack('events.sqlite');
    const before = layout(path, 'event_store_migrations');
    const versions = sqliteEventStoreMigrations.map((m) => m.version);
    assert.deepEqual(before.migrations.map((m: any) => m.version), versions.slice(0, before.migrations.length), 'the file has a prefix of today\'s migrations');

    const events = new SqliteEventStore(path);
    assert.deepEqual(events.schemaVersions(), versions);
    assert.deepEqual(await events.getRule(r.rule.EventBusName, r.rule.Name), r.rule);
    assert.deepEqual(await events.listTargets(r.rule.EventBusName, r.rule.Name), [r.target]);
    assert.deepEqual(await events.listDeliveries({ status: 'SUCCEEDED' }), [r.delivery]);
    assert.deepEqual(await events.listDeadLetters(), [r.deadLetter]);
    const claim = await events.claimIdempotencyKey(r.idempotencyKey.key, 'another-delivery', r.idempotencyKey.now);
    assert.equal(claim.claimed, false);
    assert.equal(!claim.claimed && claim.holder.deliveryId, r.idempotencyKey.deliveryId);
    await events.close();

    assertUpgraded(before, layout(path, 'event_store_migrations'), versions);
  });

  test('transcode.sqlite: the job and its watched source read back and the job is claimable; schema_migrations untouched', async () => {
    const path = unpack('transcode.sqlite');
    const before = layout(path, 'schema_migrations');
    assert.deepEqual(before.migrations.map((m: any) => m.version), [1]);

    const jobs = new SqliteJobStore(path, { now: () => 1_700_000_000_000 });
    assert.deepEqual(jobs.schemaVersions(), before.migrations.map((m: any) => m.version));
    assert.deepEqual(await jobs.get(r.job.id), r.job);
    assert.deepEqual(await jobs.getSource(r.source.bucket, r.source.key), r.source);
    assert.equal((await jobs.claim('worker', 1000))?.id, r.job.id);
    await jobs.close();

    assert.deepEqual(layout(path, 'schema_migrations'), before);
  });
});
