/**
 * MediaPackage's egress access logs: once `configure_logs` names a log group,
 * every egress request of that packaging group is one JSON line with
 * MediaPackage's fields in `<data>/logs/<log group>.log`; configure_logs
 * without `egressAccessLogs` turns them off again. Other groups never log there.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startKinoraServer, type KinoraServer } from '../../src/control/startKinoraServer.ts';
import { configFromEnv } from '../../src/config/KinoraConfig.ts';
import { ensureFixture } from '../../scripts/fixtures.ts';

let dataDir: string;
let server: KinoraServer;
let manifest: string;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kinora-logs-'));
  cpSync(dirname(await ensureFixture('ladder')), join(dataDir, 'buckets', 'media', 'ladder'), { recursive: true });
  server = await startKinoraServer({ config: { ...configFromEnv({}), dataDir, port: 0 }, accessLog: () => {} });
  await server.control.createPackagingGroup({ id: 'logged', egressAccessLogs: { logGroupName: '/kinora/vod-egress' } });
  await server.control.createPackagingConfiguration({ id: 'logged-cmaf', packagingGroupId: 'logged', cmafPackage: { hlsManifests: [{}] } });
  const asset = (await server.control.createAsset({ id: 'a1', packagingGroupId: 'logged', sourceArn: 'arn:aws:s3:::media/ladder/ladder.m3u8', sourceRoleArn: 'arn:aws:iam::1:role/r' })) as { egressEndpoints: { url: string }[] };
  await server.ingest.idle();
  manifest = asset.egressEndpoints[0].url;
});
after(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const logFile = () => join(dataDir, 'logs', 'kinora_vod-egress.log');
const lines = () => (existsSync(logFile()) ? readFileSync(logFile(), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);

test('each egress request of the group is one line with MediaPackage fields', async () => {
  assert.equal((await fetch(manifest, { headers: { 'User-Agent': 'log-test' } })).status, 200);
  assert.equal((await fetch(manifest.replace(/index\.m3u8$/, 'v1/9999.m4s'))).status, 404);
  await server.close();
  const [ok, missing] = lines();
  for (const field of ['timestamp', 'clientIp', 'processingTime', 'statusCode', 'receivedBytes', 'sentBytes', 'method', 'request', 'protocol', 'userAgent', 'account', 'domainName', 'requestId']) {
    assert.ok(field in ok, `missing ${field}: ${JSON.stringify(ok)}`);
  }
  assert.deepEqual([ok.statusCode, ok.method, ok.protocol, ok.userAgent, ok.packagingGroupId, ok.packagingConfigurationId, ok.assetId], [200, 'GET', 'HTTP/1.1', 'log-test', 'logged', 'logged-cmaf', 'a1']);
  assert.ok(ok.sentBytes > 0 && ok.request.endsWith('/index.m3u8'));
  assert.equal(missing.statusCode, 404);
  server = await startKinoraServer({ config: { ...configFromEnv({}), dataDir, port: 0 }, accessLog: () => {} });
  manifest = ((await server.control.describeAsset('a1')) as { egressEndpoints: { url: string }[] }).egressEndpoints[0].url;
});

test('configure_logs without egressAccessLogs turns them off', async () => {
  await server.control.configureLogs('logged', {});
  const before = lines().length;
  assert.equal((await fetch(manifest)).status, 200);
  await server.close();
  assert.equal(lines().length, before);
  server = await startKinoraServer({ config: { ...configFromEnv({}), dataDir, port: 0 }, accessLog: () => {} });
});
