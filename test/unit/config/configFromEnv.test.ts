/**
 * `configFromEnv`: `DATABASE_URL` selects PostgreSQL (a postgres URL becomes
 * `databaseUrl`, unset when empty, any other scheme refused without echoing
 * the value: it may hold a password); `KINORA_KEY_FAILURE_HOLD_MS` and
 * `KINORA_TRANSCODE_INPUT_HOSTS` are checked like every setting.
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

test('KINORA_TRANSCODE_INPUT_HOSTS: host names and *.domain, lower-cased; a scheme, port or path is refused', () => {
  assert.deepEqual(configFromEnv({}).transcodeInputHosts, []);
  assert.deepEqual(configFromEnv({ KINORA_TRANSCODE_INPUT_HOSTS: ' Media.Example.com, *.cdn.example.net ,' }).transcodeInputHosts, ['media.example.com', '*.cdn.example.net']);
  for (const bad of ['https://media.example.com', 'media.example.com:443', 'media.example.com/in', '*', 'a*.example.com']) {
    assert.throws(() => configFromEnv({ KINORA_TRANSCODE_INPUT_HOSTS: bad }), /KINORA_TRANSCODE_INPUT_HOSTS entry ".+" must be a host name/, bad);
  }
});

test('KINORA_PORT (or PORT): 0 to 65535; anything else is refused naming the variable', () => {
  assert.equal(configFromEnv({}).port, 8080);
  assert.equal(configFromEnv({ PORT: '3000' }).port, 3000);
  assert.equal(configFromEnv({ KINORA_PORT: '0', PORT: '3000' }).port, 0);
  assert.throws(() => configFromEnv({ KINORA_PORT: 'abc' }), /KINORA_PORT="abc" must be an integer/);
  assert.throws(() => configFromEnv({ PORT: '99999' }), /PORT="99999" must be a TCP port/);
});
