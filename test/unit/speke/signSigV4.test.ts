// SPEKE requests are signed with AWS SigV4 the way the AWS SDK signs (compared with
// @smithy/signature-v4 byte for byte), and Kinora's own verifier accepts them; the role ARN maps
// to credentials through <data>/speke-credentials.json or the process's AWS environment.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { signSigV4 } from '../../../src/keys/speke/signSigV4.ts';
import { spekeSignerOf } from '../../../src/keys/speke/spekeSignerOf.ts';
import { verifySigV4 } from '../../../src/auth/verifySigV4.ts';
import { KinoraError } from '../../../src/errors/KinoraError.ts';

const dir = mkdtempSync(join(tmpdir(), 'kinora-speke-sign-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const identity = { accessKeyId: 'AKIDEXAMPLE000000000', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session/token+1', region: 'us-west-2', service: 'execute-api' };
const now = Date.parse('2026-03-04T05:06:07Z');

test('the Authorization header equals the AWS SDK signer\'s, and verifySigV4 accepts the request', async () => {
  const url = 'https://abc123.execute-api.us-west-2.amazonaws.com/prod/speke/v2.0/copyProtection?a=1&b=x%2Fy';
  const body = new TextEncoder().encode('<cpix:CPIX contentId="é"/>');
  const headers = { 'content-type': 'application/xml', 'x-speke-version': '2.0' };
  const signed = signSigV4({ method: 'POST', url, headers, body }, identity, now);
  const u = new URL(url);
  const sdk = await new SignatureV4({ service: identity.service, region: identity.region, sha256: Hash.bind(null, 'sha256'), credentials: identity, applyChecksum: true }).sign(
    new HttpRequest({ method: 'POST', protocol: 'https:', hostname: u.hostname, path: u.pathname, query: { a: '1', b: 'x/y' }, headers: { ...headers, host: u.host }, body }),
    { signingDate: new Date(now) },
  );
  assert.equal(signed.authorization, sdk.headers.authorization);
  assert.equal(signed['x-amz-security-token'], 'session/token+1');
  const verified = await verifySigV4(
    { method: 'POST', url: `${u.pathname}${u.search}`, headers: { ...headers, ...signed, host: u.host }, body },
    { service: 'execute-api', secretOf: (id) => (id === identity.accessKeyId ? identity.secretAccessKey : undefined), now: () => now },
  );
  assert.deepEqual(verified, { accessKeyId: identity.accessKeyId, region: 'us-west-2', service: 'execute-api' });
});

test('role ARN -> credentials: the file entry, then "*", then AWS_* variables, else unsigned; regions from the entry, the API Gateway host, AWS_REGION', () => {
  const file = join(dir, 'speke-credentials.json');
  const none = spekeSignerOf({ file, env: {} });
  assert.equal(none('arn:aws:iam::1:role/a', 'https://keys.example/speke'), undefined);
  const fromEnv = spekeSignerOf({ file, env: { AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'env-secret', AWS_REGION: 'eu-central-1' } });
  assert.deepEqual(fromEnv('arn:aws:iam::1:role/a', 'https://keys.example/speke'), { accessKeyId: 'AKIDENV', secretAccessKey: 'env-secret', region: 'eu-central-1', service: 'execute-api' });
  assert.equal(fromEnv(undefined, 'https://x1y2.execute-api.ap-south-1.amazonaws.com/speke')?.region, 'ap-south-1');
  writeFileSync(file, JSON.stringify({ 'arn:aws:iam::1:role/a': { accessKeyId: 'AKIDA', secretAccessKey: 'a', service: 'speke', region: 'us-east-2' }, '*': { accessKeyId: 'AKIDANY', secretAccessKey: 'any', sessionToken: 't' } }), { mode: 0o600 });
  const signer = spekeSignerOf({ file, env: { AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'env-secret' } });
  assert.deepEqual(signer('arn:aws:iam::1:role/a', 'http://127.0.0.1:1/speke/v1'), { accessKeyId: 'AKIDA', secretAccessKey: 'a', region: 'us-east-2', service: 'speke' });
  assert.deepEqual(signer('arn:aws:iam::1:role/b', 'http://127.0.0.1:1/speke/v1'), { accessKeyId: 'AKIDANY', secretAccessKey: 'any', sessionToken: 't', region: 'us-east-1', service: 'execute-api' });
  chmodSync(file, 0o644);
  assert.throws(() => signer('arn:aws:iam::1:role/a', 'http://h/'), (e) => e instanceof KinoraError && /readable by other users/.test(e.message));
  writeFileSync(file, JSON.stringify({ 'arn:aws:iam::1:role/a': { accessKeyId: 'AKIDA' } }), { mode: 0o600 });
  chmodSync(file, 0o600);
  assert.throws(() => signer('arn:aws:iam::1:role/a', 'http://h/'), (e) => e instanceof KinoraError && /needs "accessKeyId" and "secretAccessKey"/.test(e.message));
});
