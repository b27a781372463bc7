/**
 * The seed workflow (000_…txt) end to end on one Kinora server, through
 * clients we did not write:
 * 1. `@aws-sdk/client-eventbridge` creates the tutorial's rule (MediaConvert
 *    COMPLETE -> create-vod-asset function) and puts a real-shaped COMPLETE
 *    event pointing at HLS already in a bucket: the asset appears, named as
 *    the tutorial names it (playlist base name + time), and becomes PLAYABLE.
 * 2. A short mp4 dropped into the watch folder is transcoded, its COMPLETE
 *    event fires the same rule, and the new asset's DASH and CMAF endpoints
 *    play in Chromium (dash.js, hls.js) and its Smooth endpoint in dash.js's MSS plugin.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { DescribeAssetCommand, ListAssetsCommand, ListPackagingConfigurationsCommand, MediaPackageVodClient } from '@aws-sdk/client-mediapackage-vod';
import { startKinoraServer, type KinoraServer } from '../../src/control/startKinoraServer.ts';
import { configFromEnv } from '../../src/config/KinoraConfig.ts';
import { ensureFixture } from '../../scripts/fixtures.ts';
import { closeBrowser, playInBrowser, type PlayerName } from '../support/browser/playInBrowser.ts';

const run = promisify(execFile);
const GROUP = 'seed-vod';
let dataDir: string;
let server: KinoraServer;
let events: EventBridgeClient;
let vod: MediaPackageVodClient;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kinora-seed-'));
  server = await startKinoraServer({
    config: { ...configFromEnv({}), dataDir, port: 0, watch: { bucket: 'media', prefix: 'inputs/' }, watchStableMs: 1000 },
    accessLog: () => {},
  });
  const client = { endpoint: server.url, region: 'us-west-2', credentials: server.accessKey.key, maxAttempts: 1 };
  events = new EventBridgeClient(client);
  vod = new MediaPackageVodClient(client);
  await events.send(new PutRuleCommand({ Name: 'mediaconvert-complete', EventPattern: JSON.stringify({ source: ['aws.mediaconvert'], detail: { status: ['COMPLETE'] } }) }));
  await events.send(
    new PutTargetsCommand({
      Rule: 'mediaconvert-complete',
      Targets: [{ Id: 'ingest', Arn: 'arn:kinora:function:::create-vod-asset', Input: JSON.stringify({ packagingGroupId: GROUP, sourceRoleArn: 'arn:aws:iam::111122223333:role/MediaPackageRead' }) }],
    }),
  );
});

after(async () => {
  events?.destroy();
  vod?.destroy();
  await closeBrowser();
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Polls until `read` gives a value `done` accepts (at most `seconds`). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, seconds = 120): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function playableAsset(id: string) {
  const asset = await until(
    () => vod.send(new DescribeAssetCommand({ Id: id })).catch(() => undefined),
    (a) => a !== undefined && (a.EgressEndpoints ?? []).length > 0 && a.EgressEndpoints!.every((e) => e.Status !== 'QUEUED' && e.Status !== 'PROCESSING'),
    `asset ${id} to finish ingest`,
  );
  assert.deepEqual([...new Set(asset!.EgressEndpoints!.map((e) => e.Status))], ['PLAYABLE'], JSON.stringify(asset!.EgressEndpoints));
  return asset!;
}

test('an SDK-put MediaConvert COMPLETE event creates the group, its 3 configurations and the asset, named as the tutorial names it', async () => {
  cpSync(dirname(await ensureFixture('ladder')), join(dataDir, 'buckets', 'media', 'assets', 'VANLIFE', 'HLS'), { recursive: true });
  const time = '2026-11-21T10:00:00Z';
  const put = await events.send(
    new PutEventsCommand({
      Entries: [
        {
          Source: 'aws.mediaconvert',
          DetailType: 'MediaConvert Job State Change',
          Time: new Date(time),
          Resources: ['arn:aws:mediaconvert:us-west-2:111122223333:jobs/1536964333549-opn151'],
          Detail: JSON.stringify({
            status: 'COMPLETE',
            jobId: '1536964333549-opn151',
            outputGroupDetails: [{ type: 'HLS_GROUP', playlistFilePaths: ['s3://media/assets/VANLIFE/HLS/ladder.m3u8'], outputDetails: [{ outputFilePaths: ['s3://media/assets/VANLIFE/HLS/ladder_180p.m3u8'], durationInMs: 30000, videoDetails: { widthInPx: 320, heightInPx: 180 } }] }],
          }),
        },
      ],
    }),
  );
  assert.equal(put.FailedEntryCount, 0);
  const asset = await playableAsset(`ladder_${Date.parse(time) / 1000}`);
  assert.equal(asset.SourceArn, 'arn:aws:s3:::media/assets/VANLIFE/HLS/ladder.m3u8');
  assert.equal(asset.PackagingGroupId, GROUP);
  const configs = await vod.send(new ListPackagingConfigurationsCommand({ PackagingGroupId: GROUP }));
  assert.deepEqual(configs.PackagingConfigurations!.map((c) => c.Id).sort(), [`${GROUP}_CMAF_config`, `${GROUP}_DASH_config`, `${GROUP}_MSS_config`]);
  assert.equal(asset.EgressEndpoints!.length, 3);
});

test('a file dropped in the watch folder is transcoded, packaged and plays in every format', async () => {
  const inputs = join(dataDir, 'buckets', 'media', 'inputs');
  mkdirSync(inputs, { recursive: true });
  const staging = join(dataDir, 'clip.mp4');
  await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25:duration=12', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=12', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-shortest', staging]);
  renameSync(staging, join(inputs, 'clip.mp4'));

  const listed = await until(
    () => vod.send(new ListAssetsCommand({ PackagingGroupId: GROUP })),
    (r) => (r.Assets ?? []).some((a) => a.Id!.startsWith('clip_')),
    'the watch folder job to create an asset',
    300,
  );
  const asset = await playableAsset(listed.Assets!.find((a) => a.Id!.startsWith('clip_'))!.Id!);
  const url = (suffix: string) => asset.EgressEndpoints!.find((e) => e.Url!.endsWith(suffix))!.Url!;
  const plays: [PlayerName, string][] = [
    ['dashjs', url('.mpd')],
    ['hlsjs', url('.m3u8')],
    ['dashjs-mss', url('/Manifest')],
  ];
  const results = await Promise.all(plays.map(([player, u]) => playInBrowser({ url: u, player, minSeconds: 6, timeoutMs: 90_000 })));
  for (const r of results) {
    assert.deepEqual(r.errors, [], JSON.stringify({ ...r, log: r.log.slice(-20) }));
    assert.ok(r.currentTime > 6 && r.framesGrew, JSON.stringify({ ...r, log: r.log.slice(-20) }));
  }
});
