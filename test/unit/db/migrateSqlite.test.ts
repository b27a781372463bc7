import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { listSqliteSchemaVersions } from '../../../src/db/sqlite/listSqliteSchemaVersions.ts';
import { migrateSqlite } from '../../../src/db/sqlite/migrateSqlite.ts';
import type { SqliteMigration } from '../../../src/db/sqlite/SqliteMigration.ts';

// Neither is `IF NOT EXISTS`: applying one twice would throw.
const first: SqliteMigration = { version: 1, name: 'notes', sql: 'CREATE TABLE notes (id TEXT PRIMARY KEY)' };
const second: SqliteMigration = { version: 2, name: 'note text', sql: 'ALTER TABLE notes ADD COLUMN text TEXT' };

function tables(db: DatabaseSync): string[] {
  return (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

test('applies the migrations in version order whatever their order in the list, each once, recording name and time', () => {
  const db = new DatabaseSync(':memory:');
  migrateSqlite(db, { table: 'store_migrations', migrations: [second, first] });
  migrateSqlite(db, { table: 'store_migrations', migrations: [first, second] });
  assert.deepEqual(listSqliteSchemaVersions(db, 'store_migrations'), [1, 2]);
  const rows = db.prepare('SELECT version, name, applied_at FROM store_migrations ORDER BY version').all() as { version: number; name: string; applied_at: string }[];
  assert.deepEqual(rows.map((r) => r.name), ['notes', 'note text']);
  for (const r of rows) assert.ok(!Number.isNaN(Date.parse(r.applied_at)), r.applied_at);
  db.prepare('INSERT INTO notes (id, text) VALUES (?, ?)').run('n', 'hello');
  assert.deepEqual(tables(db), ['notes', 'store_migrations']);
});

test('keeps each store to its own migrations table', () => {
  const db = new DatabaseSync(':memory:');
  migrateSqlite(db, { table: 'a_migrations', migrations: [first] });
  migrateSqlite(db, { table: 'b_migrations', migrations: [{ version: 1, name: 'other', sql: 'CREATE TABLE other (id TEXT)' }] });
  assert.deepEqual(listSqliteSchemaVersions(db, 'a_migrations'), [1]);
  assert.deepEqual(listSqliteSchemaVersions(db, 'b_migrations'), [1]);
  assert.deepEqual(tables(db), ['a_migrations', 'b_migrations', 'notes', 'other']);
});

test('a version it does not know is refused when asked, and left alone otherwise', () => {
  const db = new DatabaseSync(':memory:');
  migrateSqlite(db, { table: 'store_migrations', migrations: [first, second] });
  assert.throws(
    () => migrateSqlite(db, { table: 'store_migrations', migrations: [first], refuseNewerAs: 'note store' }),
    { message: 'note store schema version 2 is newer than this Kinora knows (1); upgrade Kinora' },
  );
  migrateSqlite(db, { table: 'store_migrations', migrations: [first] });
  assert.deepEqual(listSqliteSchemaVersions(db, 'store_migrations'), [1, 2]);
});

test('a failing migration rolls back alone: the ones before it stay applied and recorded', () => {
  const db = new DatabaseSync(':memory:');
  const broken: SqliteMigration = { version: 2, name: 'broken', sql: 'CREATE TABLE half (id TEXT); INSERT INTO missing VALUES (1);' };
  assert.throws(() => migrateSqlite(db, { table: 'store_migrations', migrations: [first, broken] }), /no such table: missing/);
  assert.equal(db.isTransaction, false);
  assert.deepEqual(listSqliteSchemaVersions(db, 'store_migrations'), [1]);
  assert.deepEqual(tables(db), ['notes', 'store_migrations']);
  migrateSqlite(db, { table: 'store_migrations', migrations: [first, second] });
  assert.deepEqual(listSqliteSchemaVersions(db, 'store_migrations'), [1, 2]);
});
