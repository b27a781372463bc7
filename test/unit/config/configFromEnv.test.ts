/**
 * `configFromEnv`: `DATABASE_URL` selects PostgreSQL (a postgres URL becomes
 * `databaseUrl`, unset when empty, any other scheme refused without echoing
 * the value: it may hold a password); `KINORA_KEY_FAILURE_HOLD_MS` is checked
 * like every number.
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

test('KINORA_KEY_FAILURE_HOLD_MS: 5 s by default, 0 allowed, a negative or non-integer value refused', () => {
  assert.equal(configFromEnv({}).keyFailureHoldMs, 5_000);
  assert.equal(configFromEnv({ KINORA_KEY_FAILURE_HOLD_MS: '0' }).keyFailureHoldMs, 0);
  assert.equal(configFromEnv({ KINORA_KEY_FAILURE_HOLD_MS: '30000' }).keyFailureHoldMs, 30_000);
  for (const bad of ['-1', '1.5', 'soon']) assert.throws(() => configFromEnv({ KINORA_KEY_FAILURE_HOLD_MS: bad }), /KINORA_KEY_FAILURE_HOLD_MS="[^"]+" must be an integer of at least 0/);
});
