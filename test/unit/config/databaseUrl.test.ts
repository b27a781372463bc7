/**
 * `DATABASE_URL` selects PostgreSQL: `configFromEnv` takes a postgres URL as
 * `databaseUrl`, leaves it unset when empty, and refuses any other scheme
 * without echoing the value (it may hold a password).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configFromEnv } from '../../../src/config/KinoraConfig.ts';

test('postgres:// and postgresql:// URLs become databaseUrl; unset or empty means SQLite', () => {
  assert.equal(configFromEnv({ DATABASE_URL: 'postgres://kinora:pw@db:5432/kinora' }).databaseUrl, 'postgres://kinora:pw@db:5432/kinora');
  assert.equal(configFromEnv({ DATABASE_URL: 'postgresql://db/kinora?sslmode=require' }).databaseUrl, 'postgresql://db/kinora?sslmode=require');
  assert.equal(configFromEnv({}).databaseUrl, undefined);
  assert.equal(configFromEnv({ DATABASE_URL: '' }).databaseUrl, undefined);
});

test('another scheme is refused, and the message does not repeat the URL', () => {
  assert.throws(() => configFromEnv({ DATABASE_URL: 'mysql://root:secret@db/kinora' }), (e: any) => {
    assert.equal(e.code, 'INVALID_REQUEST');
    assert.match(e.message, /DATABASE_URL must be a postgres:\/\//);
    assert.doesNotMatch(e.message, /secret/);
    return true;
  });
});
