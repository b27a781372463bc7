/**
 * SqliteCatalog: the Catalog contract, plus its versioned migrations (a data
 * dir made before migrations were tracked opens and is upgraded in place).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SqliteCatalog } from '../../../src/catalog/SqliteCatalog.ts';
import { sqliteMigrations } from '../../../src/catalog/sqliteMigrations.ts';
import { asset, catalogContract, group } from './catalogContract.ts';

catalogContract('SqliteCatalog', () => new SqliteCatalog(':memory:'));

test('a new catalog has every migration applied, once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kinora-catalog-'));
  try {
    const path = join(dir, 'catalog.sqlite');
    const first = new SqliteCatalog(path);
    assert.deepEqual(first.schemaVersions(), sqliteMigrations.map((m) => m.version));
    await first.close();
    const again = new SqliteCatalog(path); // re-opening applies nothing twice (ALTER TABLE would throw)
    assert.deepEqual(again.schemaVersions(), sqliteMigrations.map((m) => m.version));
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a data dir from before tracked migrations is upgraded: status column filled from the documents', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kinora-catalog-'));
  try {
    const path = join(dir, 'catalog.sqlite');
    const old = new DatabaseSync(path);
    old.exec(sqliteMigrations[0].sql); // the schema Kinora had before schema_migrations existed
    const g = group('legacy');
    old.prepare('INSERT INTO packaging_groups (id, hash, doc) VALUES (?, ?, ?)').run(g.id, g.hash, JSON.stringify(g));
    for (const [id, status] of [['old_1', 'PLAYABLE'], ['old_2', 'PROCESSING']] as const) {
      const a = { ...asset(id, 'legacy'), status };
      old.prepare('INSERT INTO assets (id, group_id, hash, doc) VALUES (?, ?, ?, ?)').run(a.id, a.packagingGroupId, a.hash, JSON.stringify(a));
    }
    old.close();

    const catalog = new SqliteCatalog(path);
    assert.deepEqual(catalog.schemaVersions(), sqliteMigrations.map((m) => m.version));
    assert.deepEqual(await catalog.countAssetsByStatus(), { QUEUED: 0, PROCESSING: 1, PLAYABLE: 1, FAILED: 0 });
    assert.deepEqual((await catalog.listAssetsByStatus(['PROCESSING'])).map((a) => a.id), ['old_2']);
    assert.equal((await catalog.getGroup('legacy'))!.hash, g.hash);
    await catalog.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
