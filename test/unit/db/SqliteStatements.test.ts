import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { SqliteStatements } from '../../../src/db/sqlite/SqliteStatements.ts';

function store(): { db: DatabaseSync; statements: SqliteStatements } {
  const db = new DatabaseSync(':memory:');
  db.exec('CREATE TABLE records (id TEXT PRIMARY KEY, doc TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO records (id, doc) VALUES (?, ?)');
  insert.run('b', JSON.stringify({ id: 'b', tags: { k: 'v' } }));
  insert.run('a', JSON.stringify({ id: 'a', n: 1 }));
  return { db, statements: new SqliteStatements(db) };
}

test('prepares each SQL text once', () => {
  const { statements } = store();
  const byId = statements.prepare('SELECT doc FROM records WHERE id = ?');
  assert.equal(statements.prepare('SELECT doc FROM records WHERE id = ?'), byId);
  assert.notEqual(statements.prepare('SELECT doc FROM records'), byId);
});

test('one: the first row\'s document, parsed; undefined when no row matches', () => {
  const { statements } = store();
  assert.deepEqual(statements.one('SELECT doc FROM records WHERE id = ?', 'b'), { id: 'b', tags: { k: 'v' } });
  assert.equal(statements.one('SELECT doc FROM records WHERE id = ?', 'missing'), undefined);
});

test('many: every row\'s document, parsed, in the order selected', () => {
  const { statements } = store();
  assert.deepEqual(statements.many('SELECT doc FROM records ORDER BY id'), [{ id: 'a', n: 1 }, { id: 'b', tags: { k: 'v' } }]);
  assert.deepEqual(statements.many('SELECT doc FROM records WHERE id > ? ORDER BY id', 'b'), []);
});
