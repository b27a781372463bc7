import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, test } from 'node:test';
import { withSqliteTransaction } from '../../../src/db/sqlite/withSqliteTransaction.ts';

const dir = mkdtempSync(join(tmpdir(), 'kinora-sqlite-tx-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function notes(): DatabaseSync {
  const db = new DatabaseSync(':memory:');
  db.exec('CREATE TABLE notes (id TEXT PRIMARY KEY)');
  return db;
}
const count = (db: DatabaseSync) => Number((db.prepare('SELECT count(*) AS n FROM notes').get() as { n: number }).n);

test('commits what the work wrote and returns its result', () => {
  const db = notes();
  assert.equal(withSqliteTransaction(db, () => db.prepare('INSERT INTO notes VALUES (?)').run('a').changes), 1);
  assert.equal(db.isTransaction, false);
  assert.equal(count(db), 1);
});

test('rolls back what the work wrote when it throws, and rethrows', () => {
  const db = notes();
  assert.throws(() => withSqliteTransaction(db, () => {
    db.prepare('INSERT INTO notes VALUES (?)').run('a');
    throw new Error('check failed');
  }), /check failed/);
  assert.equal(db.isTransaction, false);
  assert.equal(count(db), 0);
});

test('when the transaction is already over, the work\'s own error reaches the caller', () => {
  const db = notes();
  assert.throws(() => withSqliteTransaction(db, () => {
    db.exec('ROLLBACK');
    throw new Error('the original failure');
  }), /the original failure/);
});

test('holds the write lock from the start: another connection cannot write meanwhile', () => {
  const path = join(dir, 'lock.sqlite');
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL; CREATE TABLE notes (id TEXT PRIMARY KEY)');
  const other = new DatabaseSync(path);
  other.exec('PRAGMA busy_timeout = 0');
  withSqliteTransaction(db, () => {
    // Nothing written yet by this transaction: a deferred BEGIN would hold no lock here.
    assert.throws(() => other.exec("INSERT INTO notes VALUES ('b')"), /database is locked/);
  });
  other.exec("INSERT INTO notes VALUES ('b')");
  assert.equal(count(db), 1);
  other.close();
  db.close();
});
