/**
 * The open / own-or-borrow / migrate / close sequence the PostgreSQL stores
 * share, on a throwaway cluster (test/support/startPostgres.ts).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openPostgresPool } from '../../../src/db/postgres/openPostgresPool.ts';
import { PostgresComponent } from '../../../src/db/postgres/PostgresComponent.ts';
import type { PostgresMigration } from '../../../src/db/postgres/PostgresMigration.ts';
import { startPostgres, type TestPostgres } from '../../support/startPostgres.ts';

let postgres: TestPostgres;
before(async () => {
  postgres = await startPostgres();
});
after(async () => {
  await postgres?.close();
});

const notes: PostgresMigration[] = [
  { version: 1, name: 'notes', sql: 'CREATE TABLE notes (id text PRIMARY KEY)' },
  { version: 2, name: 'note text', sql: 'ALTER TABLE notes ADD COLUMN body text' },
];

test('given a URL it opens a pool of its own, migrates, and ends the pool on close (once)', async () => {
  const url = await postgres.createDatabase();
  const component = await PostgresComponent.open(url, 'notes', notes);
  assert.equal(component.name, 'notes');
  assert.deepEqual(await component.schemaVersions(), [1, 2]);
  await component.pool.query('INSERT INTO notes (id, body) VALUES ($1, $2)', ['n', 'hello']);
  await component.close();
  assert.equal(component.pool.ended, true);
  await component.close();

  const again = await PostgresComponent.open(url, 'notes', notes);
  assert.deepEqual(await again.schemaVersions(), [1, 2]);
  assert.equal((await again.pool.query('SELECT body FROM notes')).rows[0].body, 'hello');
  await again.close();
});

test('given a pool it borrows it: components on one pool keep their own schemas, and close leaves the pool open', async () => {
  const pool = openPostgresPool(await postgres.createDatabase());
  try {
    const a = await PostgresComponent.open(pool, 'notes', notes);
    const b = await PostgresComponent.open(pool, 'tags', [{ version: 1, name: 'tags', sql: 'CREATE TABLE tags (id text PRIMARY KEY)' }]);
    assert.equal(a.pool, pool);
    assert.deepEqual(await a.schemaVersions(), [1, 2]);
    assert.deepEqual(await b.schemaVersions(), [1]);
    await a.close();
    await b.close();
    assert.equal(pool.ended, false);
    assert.equal((await pool.query('SELECT count(*)::int AS n FROM notes')).rows[0].n, 0);
  } finally {
    await pool.end();
  }
});

test('a failed migration rejects the open; a borrowed pool stays open and nothing of the run is kept', async () => {
  const pool = openPostgresPool(await postgres.createDatabase());
  try {
    const broken: PostgresMigration[] = [notes[0], { version: 2, name: 'broken', sql: 'ALTER TABLE missing ADD COLUMN x text' }];
    await assert.rejects(PostgresComponent.open(pool, 'notes', broken), /relation "missing" does not exist/);
    assert.equal(pool.ended, false);
    assert.equal((await pool.query("SELECT to_regclass('notes') IS NULL AS gone")).rows[0].gone, true);
  } finally {
    await pool.end();
  }
});
