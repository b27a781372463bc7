/**
 * The Catalog port's contract (test/unit/control/catalogContract.ts) against
 * both adapters, SQLite and PostgreSQL (a throwaway cluster, a database per
 * suite), then what only PostgreSQL has to prove: several Kinora processes
 * (one pool each) on one catalog never both win an id or overrun a quota
 * or claim one asset's ingest, and the source index is bytes, not documents.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { PostgresCatalog } from '../../src/catalog/PostgresCatalog.ts';
import { postgresCatalogMigrations } from '../../src/catalog/postgresCatalogMigrations.ts';
import { SqliteCatalog } from '../../src/catalog/SqliteCatalog.ts';
import type { KinoraError } from '../../src/errors/KinoraError.ts';
import { openPostgresPool } from '../../src/db/postgres/openPostgresPool.ts';
import { startPostgres, type TestPostgres } from '../support/startPostgres.ts';
import { asset, catalogContract, configuration, group, rejectsWith } from '../unit/control/catalogContract.ts';

let postgres: TestPostgres;
before(async () => {
  postgres = await startPostgres();
});
after(async () => {
  await postgres?.close();
});

catalogContract('SqliteCatalog', () => new SqliteCatalog(':memory:'));
catalogContract('PostgresCatalog', async () => PostgresCatalog.open(await postgres.createDatabase()));

/** Codes of the rejected outcomes, and how many were fulfilled. */
function outcomes(results: PromiseSettledResult<unknown>[]): { won: number; codes: string[] } {
  const codes = results.filter((r) => r.status === 'rejected').map((r) => ((r as PromiseRejectedResult).reason as KinoraError).code ?? String((r as PromiseRejectedResult).reason));
  return { won: results.filter((r) => r.status === 'fulfilled').length, codes };
}

/** Two catalogs on one database, each with its own pool (as two Kinora processes), with connections already open so that their writes really overlap. */
async function twoProcesses(): Promise<[PostgresCatalog, PostgresCatalog]> {
  const url = await postgres.createDatabase();
  const a = await PostgresCatalog.open(url);
  const b = await PostgresCatalog.open(url);
  await Promise.all([a, b].flatMap((c) => Array.from({ length: 6 }, () => c.countGroups())));
  return [a, b];
}

describe('PostgresCatalog specifics', () => {
  test('records and the index survive a reopen; migrations are recorded once', async () => {
    const url = await postgres.createDatabase();
    const first = await PostgresCatalog.open(url);
    await first.putGroup(group('g'));
    await first.putAsset(asset('a', 'g'));
    await first.putAssetIndex('a', new Uint8Array([7, 0, 255]));
    await first.setAssetStatus('a', 'PLAYABLE');
    await first.close();
    const again = await PostgresCatalog.open(url);
    assert.deepEqual(await again.schemaVersions(), postgresCatalogMigrations.map((m) => m.version));
    assert.equal((await again.getAsset('a'))?.status, 'PLAYABLE');
    assert.deepEqual(await again.getAssetIndex('a'), new Uint8Array([7, 0, 255]));
    assert.equal(await again.getAssetIndex('missing'), undefined);
    await again.close();
  });

  test('the source index is a bytea column, and an index the size of a 30-minute asset comes back byte for byte', async () => {
    const url = await postgres.createDatabase();
    const catalog = await PostgresCatalog.open(url);
    await catalog.putGroup(group('g'));
    await catalog.putAsset(asset('long', 'g'));
    const index = new Uint8Array(randomBytes(6 << 20));
    await catalog.putAssetIndex('long', index);
    const back = await catalog.getAssetIndex('long');
    assert.ok(back instanceof Uint8Array);
    assert.equal(back.byteLength, index.byteLength);
    assert.ok(Buffer.from(back).equals(Buffer.from(index)), 'same bytes');
    // Status and tag writes rewrite the document, never the index.
    await catalog.setAssetStatus('long', 'PLAYABLE');
    await catalog.updateTags('asset', 'long', { set: { k: 'v' } });
    assert.ok(Buffer.from((await catalog.getAssetIndex('long'))!).equals(Buffer.from(index)));
    await catalog.close();

    const pool = openPostgresPool(url);
    try {
      const columns = await pool.query<{ column_name: string; data_type: string }>("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'assets' ORDER BY ordinal_position");
      assert.equal(columns.rows.find((c) => c.column_name === 'source_index')?.data_type, 'bytea');
      const doc = await pool.query<{ length: number }>("SELECT length(doc::text) AS length FROM assets WHERE id = 'long'");
      assert.ok(doc.rows[0].length < 2000, `the document stays small (${doc.rows[0].length} characters)`);
    } finally {
      await pool.end();
    }
  });

  test('two processes creating the same asset id at once: exactly one wins, the other gets ALREADY_EXISTS', async () => {
    const [a, b] = await twoProcesses();
    await a.putGroup(group('ga'));
    await a.putGroup(group('gb'));
    for (let round = 0; round < 20; round++) {
      const id = `same_${round}`;
      const results = await Promise.allSettled([a.putAsset(asset(id, 'ga'), { maxPerGroup: 1000 }), b.putAsset(asset(id, 'gb'), { maxPerGroup: 1000 })]);
      const { won, codes } = outcomes(results);
      assert.equal(won, 1, `round ${round}: one creator wins`);
      assert.deepEqual(codes, ['ALREADY_EXISTS'], `round ${round}`);
      const winner = results[0].status === 'fulfilled' ? 'ga' : 'gb';
      assert.equal((await b.getAsset(id))?.packagingGroupId, winner, 'the stored asset is the winner\'s');
    }
    assert.equal(await a.countAssets(), 20);
    await a.close();
    await b.close();
  });

  test('two processes racing past the assets-per-group quota never exceed it', async () => {
    const [a, b] = await twoProcesses();
    await a.putGroup(group('q'));
    await a.putGroup(group('other'));
    const quota = 5;
    const attempts = Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? a : b).putAsset(asset(`q_${i}`, 'q'), { maxPerGroup: quota }));
    // Another group's creations go on meanwhile and count against their own group only.
    const elsewhere = Array.from({ length: 4 }, (_, i) => (i % 2 === 0 ? b : a).putAsset(asset(`o_${i}`, 'other'), { maxPerGroup: quota }));
    const { won, codes } = outcomes(await Promise.allSettled(attempts));
    assert.equal(won, quota);
    assert.deepEqual(new Set(codes), new Set(['QUOTA_EXCEEDED']));
    assert.equal((await Promise.allSettled(elsewhere)).filter((r) => r.status === 'fulfilled').length, 4);
    assert.equal(await a.countAssets('q'), quota);
    assert.equal(await b.countAssets('other'), 4);
    await a.close();
    await b.close();
  });

  test('two processes racing past the groups and configurations quotas never exceed them', async () => {
    const [a, b] = await twoProcesses();
    const groups = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).putGroup(group(`g_${i}`), { maxGroups: 3 })));
    assert.equal(outcomes(groups).won, 3);
    assert.deepEqual(new Set(outcomes(groups).codes), new Set(['QUOTA_EXCEEDED']));
    assert.equal(await b.countGroups(), 3);
    const [owner] = await a.listGroups({ limit: 1 });
    const configurations = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).putConfiguration(configuration(`c_${i}`, owner.id), { maxPerGroup: 2 })));
    assert.equal(outcomes(configurations).won, 2);
    assert.equal(await a.countConfigurations(owner.id), 2);
    await a.close();
    await b.close();
  });

  test('deleting a group while another process adds to it: either the delete or the insert wins, never an orphan', async () => {
    const [a, b] = await twoProcesses();
    for (let round = 0; round < 10; round++) {
      const g = `del_${round}`;
      await a.putGroup(group(g));
      const [deleted, created] = await Promise.allSettled([a.deleteGroup(g), b.putAsset(asset(`child_${round}`, g), round % 2 === 0 ? { maxPerGroup: 10 } : {})]);
      if (deleted.status === 'fulfilled') {
        assert.equal(created.status, 'rejected', `round ${round}: the group is gone, so is the asset`);
        await rejectsWith(Promise.reject((created as PromiseRejectedResult).reason), 'GROUP_NOT_FOUND');
        assert.equal(await a.getAsset(`child_${round}`), undefined);
      } else {
        await rejectsWith(Promise.reject(deleted.reason), 'RESOURCE_IN_USE');
        assert.equal(created.status, 'fulfilled');
        assert.equal((await a.getAsset(`child_${round}`))?.packagingGroupId, g);
      }
    }
    await a.close();
    await b.close();
  });

  test('two processes claiming ingest at once never get the same asset', async () => {
    const [a, b] = await twoProcesses();
    await a.putGroup(group('g'));
    const ids = Array.from({ length: 40 }, (_, i) => `i_${String(i).padStart(2, '0')}`);
    for (const id of ids) await a.putAsset(asset(id, 'g'));
    const now = new Date().toISOString();
    const got: Record<string, string[]> = { a: [], b: [] };
    for (let round = 0; round < 40 && got.a.length + got.b.length < ids.length; round++) {
      const [fromA, fromB] = await Promise.all([
        a.claimIngest({ owner: 'a', now, leaseMs: 60_000, limit: 3 }),
        b.claimIngest({ owner: 'b', now, leaseMs: 60_000, limit: 3 }),
      ]);
      got.a.push(...fromA.map((x) => x.id));
      got.b.push(...fromB.map((x) => x.id));
    }
    const all = [...got.a, ...got.b];
    assert.equal(all.length, ids.length, 'every asset claimed once');
    assert.deepEqual(new Set(all), new Set(ids));
    assert.ok(got.a.length > 0 && got.b.length > 0, 'both processes got some');
    await a.close();
    await b.close();
  });

  test('a database from before ingest leases: its unfinished assets are claimable after the upgrade', async () => {
    const url = await postgres.createDatabase();
    const old = await PostgresCatalog.open(url, { migrations: postgresCatalogMigrations.slice(0, 1) });
    await old.putGroup(group('g'));
    await old.putAsset(asset('left', 'g'));
    await old.putAsset(asset('done', 'g'));
    await old.setAssetStatus('done', 'PLAYABLE');
    await old.close();
    const upgraded = await PostgresCatalog.open(url);
    assert.deepEqual(await upgraded.schemaVersions(), postgresCatalogMigrations.map((m) => m.version));
    assert.deepEqual((await upgraded.claimIngest({ owner: 'x', now: new Date().toISOString(), leaseMs: 1_000 })).map((x) => x.id), ['left']);
    await upgraded.close();
  });
});
