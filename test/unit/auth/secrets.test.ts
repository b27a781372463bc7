/**
 * Secrets at rest (FileSecretStore, loadSecretsKey), the control-plane
 * access key (loadAccessKey) and the CDN identifier check.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { FileSecretStore } from '../../../src/auth/FileSecretStore.ts';
import { loadSecretsKey } from '../../../src/auth/loadSecretsKey.ts';
import { loadAccessKey } from '../../../src/auth/loadAccessKey.ts';
import { checkCdnIdentifier } from '../../../src/auth/checkCdnIdentifier.ts';
import { KinoraError } from '../../../src/errors/KinoraError.ts';

const ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:cdn';
let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kinora-secrets-'));
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function forbidden(work: Promise<unknown>, message: RegExp) {
  await assert.rejects(work, (e: unknown) => e instanceof KinoraError && e.code === 'FORBIDDEN' && message.test(e.message));
}

describe('FileSecretStore', () => {
  test('values are encrypted at rest, mode 0600, and read back; another instance sees writes', async () => {
    const key = randomBytes(32);
    const path = join(dir, 'a', 'secrets.json');
    const store = new FileSecretStore(path, key);
    assert.equal(await store.get(ARN), undefined);
    await store.put(ARN, 'cdn-identifier-value-1');
    assert.equal(await store.get(ARN), 'cdn-identifier-value-1');
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.ok(!readFileSync(path, 'utf8').includes('cdn-identifier-value-1'), 'no plaintext on disk');
    const other = new FileSecretStore(path, key);
    assert.equal(await other.get(ARN), 'cdn-identifier-value-1');
    await other.put(ARN, 'rotated-value-2');
    assert.equal(await store.get(ARN), 'rotated-value-2', 'the first instance re-reads the changed file');
    assert.deepEqual(await store.list(), [ARN]);
    assert.equal(await store.delete(ARN), true);
    assert.equal(await store.delete(ARN), false);
    assert.equal(await other.get(ARN), undefined);
  });

  test('a value only decrypts with its key and under its own ARN', async () => {
    const path = join(dir, 'b', 'secrets.json');
    const store = new FileSecretStore(path, randomBytes(32));
    await store.put(ARN, 'value-for-cdn');
    await forbidden(new FileSecretStore(path, randomBytes(32)).get(ARN), /does not decrypt with the current secrets key/);
    const file = JSON.parse(readFileSync(path, 'utf8'));
    file.secrets[`${ARN}-copy`] = file.secrets[ARN];
    writeFileSync(path, JSON.stringify(file));
    await forbidden(store.get(`${ARN}-copy`), /does not decrypt/);
  });

  test('keys: KINORA_SECRETS_KEY (hex or base64), else a generated 0600 key file reused after', () => {
    const hex = 'ab'.repeat(32);
    assert.equal(Buffer.from(loadSecretsKey(dir, { KINORA_SECRETS_KEY: hex })).toString('hex'), hex);
    const b64 = randomBytes(32).toString('base64');
    assert.equal(Buffer.from(loadSecretsKey(dir, { KINORA_SECRETS_KEY: b64 })).toString('base64'), b64);
    assert.throws(() => loadSecretsKey(dir, { KINORA_SECRETS_KEY: 'short' }), /32 bytes/);
    const keyDir = join(dir, 'k');
    const generated = loadSecretsKey(keyDir, {});
    assert.equal(generated.byteLength, 32);
    assert.equal(statSync(join(keyDir, 'secrets.key')).mode & 0o777, 0o600);
    assert.deepEqual(loadSecretsKey(keyDir, {}), generated);
  });
});

describe('loadAccessKey', () => {
  test('from the environment when both variables are set; one alone is an error', () => {
    assert.deepEqual(loadAccessKey(dir, { KINORA_ACCESS_KEY_ID: 'AKID', KINORA_SECRET_ACCESS_KEY: 'secret' }), { key: { accessKeyId: 'AKID', secretAccessKey: 'secret' }, source: 'environment' });
    assert.throws(() => loadAccessKey(dir, { KINORA_ACCESS_KEY_ID: 'AKID' }), /both/);
  });

  test('else generated once into <data>/credentials (0600, AWS shared-credentials format), then read back', () => {
    const keyDir = join(dir, 'creds');
    const made = loadAccessKey(keyDir, {});
    assert.equal(made.source, 'generated');
    assert.match(made.key.accessKeyId, /^KNRA[A-Z2-7]{16}$/);
    assert.equal(made.key.secretAccessKey.length, 40);
    assert.equal(statSync(made.path!).mode & 0o777, 0o600);
    const text = readFileSync(made.path!, 'utf8');
    assert.match(text, /^\[default\]$/m);
    assert.match(text, new RegExp(`^aws_access_key_id = ${made.key.accessKeyId}$`, 'm'));
    const again = loadAccessKey(keyDir, {});
    assert.equal(again.source, 'file');
    assert.deepEqual(again.key, made.key);
  });
});

describe('checkCdnIdentifier', () => {
  const authorization = { cdnIdentifierSecret: ARN, secretsRoleArn: 'arn:aws:iam::0:role/r' };
  const secrets = (value: string | undefined) => ({ get: async () => value });

  test('the header must equal the secret, stored raw or as Secrets Manager JSON', async () => {
    await checkCdnIdentifier(authorization, 'id-0123456789', secrets('id-0123456789'));
    await checkCdnIdentifier(authorization, 'id-0123456789', secrets('{"MediaPackageCDNIdentifier":"id-0123456789"}'));
    await forbidden(checkCdnIdentifier(authorization, 'id-0123456780', secrets('id-0123456789')), /does not match/);
    await forbidden(checkCdnIdentifier(authorization, 'id-012345678', secrets('id-0123456789')), /does not match/);
    await forbidden(checkCdnIdentifier(authorization, undefined, secrets('id-0123456789')), /header is missing/);
  });

  test('a missing secret, or no secret store, refuses every request', async () => {
    await forbidden(checkCdnIdentifier(authorization, 'anything-at-all', secrets(undefined)), /is not set/);
    await forbidden(checkCdnIdentifier(authorization, 'anything-at-all', undefined), /is not set/);
  });
});
