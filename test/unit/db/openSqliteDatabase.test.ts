import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { listSqliteSchemaVersions } from '../../../src/db/sqlite/listSqliteSchemaVersions.ts';
import { openSqliteDatabase } from '../../../src/db/sqlite/openSqliteDatabase.ts';

const dir = mkdtempSync(join(tmpdir(), 'kinora-sqlite-open-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const schema = { table: 'schema_migrations', migrations: [{ version: 1, name: 'notes', sql: 'CREATE TABLE notes (id TEXT PRIMARY KEY)' }] };
const pragma = (db: ReturnType<typeof openSqliteDatabase>, name: string) => Object.values(db.prepare(`PRAGMA ${name}`).get() as object)[0];

test('creates the file and its folders, in WAL mode with a 5 s busy timeout, migrated', () => {
  const path = join(dir, 'new', 'data', 'store.sqlite');
  const db = openSqliteDatabase(path, schema);
  assert.ok(existsSync(path));
  assert.equal(pragma(db, 'journal_mode'), 'wal');
  assert.equal(pragma(db, 'busy_timeout'), 5000);
  assert.deepEqual(listSqliteSchemaVersions(db, 'schema_migrations'), [1]);
  db.close();
  const again = openSqliteDatabase(path, schema);
  assert.deepEqual(listSqliteSchemaVersions(again, 'schema_migrations'), [1]);
  again.close();
});

test('opens an in-memory database for :memory:', () => {
  const db = openSqliteDatabase(':memory:', schema);
  assert.equal(pragma(db, 'journal_mode'), 'memory');
  assert.deepEqual(listSqliteSchemaVersions(db, 'schema_migrations'), [1]);
  db.close();
});

test('a failed migration closes the database before the error is thrown', () => {
  const path = join(dir, 'broken.sqlite');
  assert.throws(() => openSqliteDatabase(path, { table: 'schema_migrations', migrations: [{ version: 1, name: 'broken', sql: 'NOT SQL' }] }), /syntax error/);
  // SQLite removes the write-ahead log when the last connection to the file closes.
  assert.ok(existsSync(path));
  assert.equal(existsSync(`${path}-wal`), false);
});
