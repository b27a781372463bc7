/**
 * The AWS CLI (Debian's awscli, installed by scripts/setup.sh) drives Kinora
 * with `--endpoint-url`, as the README shows: the tutorial's MediaPackage VOD
 * calls and the EventBridge rule, signed with the server's access key.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { startKinoraServer, type KinoraServer } from '../../src/control/startKinoraServer.ts';
import { configFromEnv } from '../../src/config/KinoraConfig.ts';
import { ensureFixture } from '../../scripts/fixtures.ts';

const run = promisify(execFile);
let dataDir: string;
let server: KinoraServer;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kinora-awscli-'));
  cpSync(dirname(await ensureFixture('ladder')), join(dataDir, 'buckets', 'media', 'assets', 'ladder'), { recursive: true });
  server = await startKinoraServer({ config: { ...configFromEnv({}), dataDir, port: 0 }, accessLog: () => {} });
});
after(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Runs `aws <args> --endpoint-url <server> --region us-west-2 --output json` and parses its JSON (empty output: undefined). */
async function aws(...args: string[]): Promise<any> {
  const env = {
    PATH: process.env.PATH,
    HOME: dataDir,
    AWS_ACCESS_KEY_ID: server.accessKey.key.accessKeyId,
    AWS_SECRET_ACCESS_KEY: server.accessKey.key.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
  };
  const { stdout } = await run('aws', [...args, '--endpoint-url', server.url, '--region', 'us-west-2', '--output', 'json'], { env, timeout: 60_000 });
  return stdout.trim() === '' ? undefined : JSON.parse(stdout);
}

test('aws mediapackage-vod: the tutorial calls, then the asset plays', async () => {
  await assert.rejects(aws('mediapackage-vod', 'describe-packaging-group', '--id', 'cli'), (e: { stderr?: string }) => /NotFoundException/.test(e.stderr ?? ''));
  const group = await aws('mediapackage-vod', 'create-packaging-group', '--id', 'cli');
  assert.equal(group.Id, 'cli');
  assert.match(group.Arn, /^arn:aws:mediapackage-vod:[^:]+:\d+:packaging-groups\/cli$/);
  await aws('mediapackage-vod', 'create-packaging-configuration', '--id', 'cli_CMAF_config', '--packaging-group-id', 'cli', '--cmaf-package', '{"HlsManifests":[{}],"SegmentDurationSeconds":2}');
  await aws('mediapackage-vod', 'create-packaging-configuration', '--id', 'cli_DASH_config', '--packaging-group-id', 'cli', '--dash-package', '{"DashManifests":[{}],"SegmentDurationSeconds":2}');
  const created = await aws('mediapackage-vod', 'create-asset', '--id', 'ladder1', '--packaging-group-id', 'cli', '--source-arn', 'arn:aws:s3:::media/assets/ladder/ladder.m3u8', '--source-role-arn', 'arn:aws:iam::111122223333:role/read');
  assert.equal(created.EgressEndpoints.length, 2);
  await server.ingest.idle();
  const asset = await aws('mediapackage-vod', 'describe-asset', '--id', 'ladder1');
  assert.deepEqual(asset.EgressEndpoints.map((e: { Status: string }) => e.Status), ['PLAYABLE', 'PLAYABLE']);
  const manifest = await fetch(asset.EgressEndpoints[0].Url);
  assert.equal(manifest.status, 200);
  const listed = await aws('mediapackage-vod', 'list-assets', '--packaging-group-id', 'cli');
  assert.deepEqual(listed.Assets.map((a: { Id: string }) => a.Id), ['ladder1']);
});

test('aws events: the tutorial rule and its target', async () => {
  await aws('events', 'put-rule', '--name', 'mediaconvert-complete', '--event-pattern', '{"source":["aws.mediaconvert"],"detail":{"status":["COMPLETE"]}}');
  const targets = await aws('events', 'put-targets', '--rule', 'mediaconvert-complete', '--targets', JSON.stringify([{ Id: 'ingest', Arn: 'arn:kinora:function:::create-vod-asset', Input: '{"packagingGroupId":"cli"}' }]));
  assert.equal(targets.FailedEntryCount, 0);
  const rules = await aws('events', 'list-rules');
  assert.deepEqual(rules.Rules.map((r: { Name: string }) => r.Name), ['mediaconvert-complete']);
  await assert.rejects(aws('events', 'put-rule', '--name', 'bad', '--event-pattern', '{"source":"not-an-array"}'), (e: { stderr?: string }) => /InvalidEventPatternException/.test(e.stderr ?? ''));
});
