/**
 * Who may call what: the control plane refuses anything not SigV4-signed
 * with Kinora's key for service `mediapackage-vod` (403 ForbiddenException,
 * AWS error shape); egress stays public except for packaging groups with
 * CDN authorization, which need `X-MediaPackage-CDNIdentifier`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import {
  MediaPackageVodClient,
  CreateAssetCommand,
  CreatePackagingConfigurationCommand,
  CreatePackagingGroupCommand,
  DescribeAssetCommand,
  ListPackagingGroupsCommand,
  UpdatePackagingGroupCommand,
  ForbiddenException,
  UnprocessableEntityException,
} from '@aws-sdk/client-mediapackage-vod';
import { startKinoraServer, type KinoraServer } from '../../src/control/startKinoraServer.ts';
import { configFromEnv } from '../../src/config/KinoraConfig.ts';
import { ensureFixture } from '../../scripts/fixtures.ts';

const ROLE = 'arn:aws:iam::111122223333:role/MediaPackageReadS3';
const SECRET_ARN = 'arn:aws:secretsmanager:us-west-2:111122223333:secret:MediaPackage/cdn-a1b2c3';
const CDN_ID = '9f3c1c0e-5b7a-4d2e-8a44-1c2d3e4f5a6b';

let dataDir: string;
let server: KinoraServer;
let client: MediaPackageVodClient;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kinora-vod-auth-'));
  cpSync(dirname(await ensureFixture('ladder')), join(dataDir, 'buckets', 'media', 'ladder'), { recursive: true });
  // The key comes from the environment here; without it one is generated into the data dir.
  const env = { KINORA_ACCESS_KEY_ID: 'AKIDKINORATEST000001', KINORA_SECRET_ACCESS_KEY: 'kinora/test+secret/0123456789abcdefghijkl' };
  server = await startKinoraServer({ config: { ...configFromEnv({}), dataDir, port: 0 }, accessKey: { key: { accessKeyId: env.KINORA_ACCESS_KEY_ID, secretAccessKey: env.KINORA_SECRET_ACCESS_KEY }, source: 'environment' }, accessLog: () => {} });
  client = new MediaPackageVodClient({ endpoint: server.url, region: 'eu-central-1', credentials: server.accessKey.key, maxAttempts: 1 });
});

after(async () => {
  client?.destroy();
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Signs like the SDK does, then lets the test change the request before sending it. */
async function signed(method: string, path: string, body?: string, opts: { secret?: string; service?: string } = {}) {
  const { hostname, port } = new URL(server.url);
  const signer = new SignatureV4({ credentials: { ...server.accessKey.key, secretAccessKey: opts.secret ?? server.accessKey.key.secretAccessKey }, region: 'us-east-1', service: opts.service ?? 'mediapackage-vod', sha256: Sha256 });
  const headers: Record<string, string> = { host: `${hostname}:${port}`, ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}) };
  const request = await signer.sign({ method, protocol: 'http:', hostname, port: Number(port), path, query: {}, headers, body });
  return { headers: request.headers, send: (override: { body?: string; headers?: Record<string, string> } = {}) => fetch(`${server.url}${path}`, { method, headers: { ...request.headers, ...override.headers }, body: override.body ?? body }) };
}

async function forbidden(response: Response, message: RegExp): Promise<void> {
  assert.equal(response.status, 403);
  assert.equal(response.headers.get('x-amzn-errortype'), 'ForbiddenException');
  assert.match(response.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  const body = (await response.json()) as Record<string, string>;
  assert.deepEqual(Object.keys(body), ['message']);
  assert.match(body.message, message);
}

describe('SigV4 on the control plane', () => {
  test('a correctly signed request from the SDK, in any region, is served', async () => {
    const page = await client.send(new ListPackagingGroupsCommand({}));
    assert.deepEqual(page.PackagingGroups, []);
  });

  test('unsigned: 403 ForbiddenException in the AWS error shape', async () => {
    await forbidden(await fetch(`${server.url}/packaging_groups`), /Missing Authentication Token/);
    await forbidden(await fetch(`${server.url}/packaging_groups`, { method: 'POST', body: '{"id":"x"}', headers: { 'content-type': 'application/json' } }), /Missing Authentication Token/);
  });

  test('wrong secret: the SDK raises ForbiddenException', async () => {
    const wrong = new MediaPackageVodClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: server.accessKey.key.accessKeyId, secretAccessKey: 'not-the-secret' }, maxAttempts: 1 });
    await assert.rejects(wrong.send(new ListPackagingGroupsCommand({})), (e: any) => e instanceof ForbiddenException && e.$metadata.httpStatusCode === 403 && /signature we calculated does not match/.test(e.message));
    const unknown = new MediaPackageVodClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' }, maxAttempts: 1 });
    await assert.rejects(unknown.send(new ListPackagingGroupsCommand({})), (e: any) => e instanceof ForbiddenException && /unknown access key id AKIDUNKNOWN/.test(e.message));
    wrong.destroy();
    unknown.destroy();
  });

  test('stale date: a client whose clock is 10 minutes behind is refused', async () => {
    const late = new MediaPackageVodClient({ endpoint: server.url, region: 'us-east-1', credentials: server.accessKey.key, maxAttempts: 1, systemClockOffset: -10 * 60_000 });
    await assert.rejects(late.send(new ListPackagingGroupsCommand({})), (e: any) => e instanceof ForbiddenException && /Signature expired/.test(e.message));
    late.destroy();
  });

  test('tampered body: same headers, another body', async () => {
    const request = await signed('POST', '/packaging_groups', JSON.stringify({ id: 'honest' }));
    await forbidden(await request.send({ body: JSON.stringify({ id: 'evil__' }) }), /x-amz-content-sha256' header does not match/);
    const evil = JSON.stringify({ id: 'evil__' });
    await forbidden(await request.send({ body: evil, headers: { 'x-amz-content-sha256': createHash('sha256').update(evil).digest('hex') } }), /signature we calculated does not match/);
    const honest = await request.send();
    assert.equal(honest.status, 200, await honest.clone().text());
    assert.equal(((await honest.json()) as any).id, 'honest');
  });

  test('scoped to another service, or a signed header changed', async () => {
    await forbidden(await (await signed('GET', '/packaging_groups', undefined, { service: 'mediapackage' })).send(), /scoped to correct service: 'mediapackage-vod'/);
    const request = await signed('GET', '/packaging_groups');
    const date = String(request.headers['x-amz-date']);
    const shifted = date.replace(/\d{2}Z$/, date.endsWith('00Z') ? '01Z' : '00Z'); // still within the allowed skew
    await forbidden(await request.send({ headers: { 'x-amz-date': shifted } }), /signature we calculated does not match/);
  });

  test('signed requests with unknown or PascalCase fields get a 422 naming them', async () => {
    const response = await (await signed('POST', '/packaging_groups', JSON.stringify({ Id: 'pascal' }))).send();
    assert.equal(response.status, 422);
    assert.equal(response.headers.get('x-amzn-errortype'), 'UnprocessableEntityException');
    assert.match(((await response.json()) as any).message, /^Id is not a field of CreatePackagingGroupRequest \(wire names are camelCase: "id"\)/);
    const broken = await (await signed('POST', '/packaging_groups', '{"id": ')).send();
    assert.equal(broken.status, 422);
    assert.match(((await broken.json()) as any).message, /not valid JSON/);
  });

  test('another method on an API path: 404 NotFoundException naming the operations the path takes (403 first when unsigned)', async () => {
    for (const [method, path, takes] of [
      ['PUT', '/assets/movie', 'GET, DELETE'],
      ['PUT', '/packaging_configurations/cfg', 'GET, DELETE'],
      ['DELETE', '/packaging_groups', 'GET, POST'],
      ['PATCH', '/packaging_groups/grp', 'GET, PUT, DELETE'],
    ] as const) {
      const response = await (await signed(method, path, method === 'PUT' || method === 'PATCH' ? '{}' : undefined)).send();
      assert.equal(response.status, 404, `${method} ${path}`);
      assert.equal(response.headers.get('x-amzn-errortype'), 'NotFoundException', `${method} ${path}`);
      assert.ok(response.headers.get('x-amzn-requestid'));
      assert.match(((await response.json()) as any).message, new RegExp(`^${method} /\\w+(/\\{id\\})? is not an operation of the MediaPackage VOD API \\(it takes ${takes}\\)`));
    }
    const unsigned = await fetch(`${server.url}/assets/movie`, { method: 'PUT', body: '{}' });
    assert.equal(unsigned.status, 403);
  });

  test('an id with a slash is refused with 422 naming the field', async () => {
    const response = await (await signed('POST', '/packaging_groups', JSON.stringify({ id: 'a/b' }))).send();
    assert.equal(response.status, 422);
    assert.equal(response.headers.get('x-amzn-errortype'), 'UnprocessableEntityException');
    assert.match(((await response.json()) as any).message, /\bid\b/);
  });

  test('egress, /healthz and /metrics need no signature', async () => {
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    assert.equal((await fetch(`${server.url}/metrics`)).status, 200);
    // an egress path that does not exist is a 404 from the origin, not a 403
    assert.equal((await fetch(`${server.url}/out/v1/${'0'.repeat(32)}/${'1'.repeat(32)}/${'2'.repeat(32)}/index.m3u8`)).status, 404);
  });
});

describe('CDN authorization', () => {
  let url: string;

  before(async () => {
    await server.secrets.put(SECRET_ARN, JSON.stringify({ MediaPackageCDNIdentifier: CDN_ID }));
    const group = await client.send(new CreatePackagingGroupCommand({ Id: 'cdn', Authorization: { CdnIdentifierSecret: SECRET_ARN, SecretsRoleArn: ROLE } }));
    assert.deepEqual(group.Authorization, { CdnIdentifierSecret: SECRET_ARN, SecretsRoleArn: ROLE });
    await client.send(new CreatePackagingConfigurationCommand({ Id: 'cdn_cmaf', PackagingGroupId: 'cdn', CmafPackage: { HlsManifests: [{}] } }));
    await client.send(new CreateAssetCommand({ Id: 'cdn_asset', PackagingGroupId: 'cdn', SourceArn: 'arn:aws:s3:::media/ladder/ladder.m3u8', SourceRoleArn: ROLE }));
    await server.ingest.idle();
    const asset = await client.send(new DescribeAssetCommand({ Id: 'cdn_asset' }));
    assert.equal(asset.EgressEndpoints![0].Status, 'PLAYABLE');
    url = asset.EgressEndpoints![0].Url!;
  });

  test('egress needs X-MediaPackage-CDNIdentifier equal to the secret', async () => {
    const without = await fetch(url);
    assert.equal(without.status, 403);
    assert.equal(((await without.json()) as any).code, 'FORBIDDEN');
    assert.equal((await fetch(url, { headers: { 'X-MediaPackage-CDNIdentifier': 'wrong-identifier' } })).status, 403);
    const ok = await fetch(url, { headers: { 'X-MediaPackage-CDNIdentifier': CDN_ID } });
    assert.equal(ok.status, 200);
    assert.match(await ok.text(), /^#EXTM3U/);
  });

  test('a rotated secret (kinora secret put) applies without a restart', async () => {
    await server.secrets.put(SECRET_ARN, 'rotated-identifier-0001');
    assert.equal((await fetch(url, { headers: { 'X-MediaPackage-CDNIdentifier': CDN_ID } })).status, 403);
    assert.equal((await fetch(url, { headers: { 'X-MediaPackage-CDNIdentifier': 'rotated-identifier-0001' } })).status, 200);
  });

  test('UpdatePackagingGroup removes and adds authorization, and egress follows at once', async () => {
    const removed = await client.send(new UpdatePackagingGroupCommand({ Id: 'cdn' }));
    assert.equal(removed.Authorization, undefined);
    assert.equal(removed.ApproximateAssetCount, 1);
    assert.equal((await fetch(url)).status, 200);
    const added = await client.send(new UpdatePackagingGroupCommand({ Id: 'cdn', Authorization: { CdnIdentifierSecret: SECRET_ARN, SecretsRoleArn: ROLE } }));
    assert.equal(added.Authorization?.CdnIdentifierSecret, SECRET_ARN);
    assert.equal((await fetch(url)).status, 403);
    assert.equal((await fetch(url, { headers: { 'X-MediaPackage-CDNIdentifier': 'rotated-identifier-0001' } })).status, 200);
  });

  test('a secret that was never stored is refused when the group is created or updated', async () => {
    const missing = 'arn:aws:secretsmanager:us-west-2:111122223333:secret:never-stored';
    await assert.rejects(
      client.send(new CreatePackagingGroupCommand({ Id: 'cdn2', Authorization: { CdnIdentifierSecret: missing, SecretsRoleArn: ROLE } })),
      (e: any) => e instanceof UnprocessableEntityException && /secret .*never-stored does not exist; store its value first with `kinora secret put/.test(e.message),
    );
    await assert.rejects(client.send(new UpdatePackagingGroupCommand({ Id: 'cdn', Authorization: { CdnIdentifierSecret: missing, SecretsRoleArn: ROLE } })), UnprocessableEntityException);
    await assert.rejects(client.send(new CreatePackagingGroupCommand({ Id: 'cdn3', Authorization: { CdnIdentifierSecret: 'plain-value', SecretsRoleArn: ROLE } })), (e: any) => /Secrets Manager secret ARN/.test(e.message));
  });

  test('a secret deleted afterwards refuses every egress request (fails closed)', async () => {
    await server.secrets.delete(SECRET_ARN);
    const r = await fetch(url, { headers: { 'X-MediaPackage-CDNIdentifier': 'rotated-identifier-0001' } });
    assert.equal(r.status, 403);
    assert.match(((await r.json()) as any).message, /is not set/);
  });
});
