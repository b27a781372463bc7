import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createVodAssetFunction, type VodAssetApi } from '../../../src/events/functions/createVodAssetFunction.ts';
import { KinoraError } from '../../../src/errors/KinoraError.ts';
import type { EventBridgeEvent } from '../../../src/events/EventBridgeEvent.ts';

/** An in-memory stand-in for the control plane with MediaPackage's not-found / already-exists errors. */
function fakeApi() {
  const groups = new Set<string>();
  const configurations: Record<string, unknown>[] = [];
  const assets: Record<string, unknown>[] = [];
  const api: VodAssetApi = {
    async describePackagingGroup(id) {
      if (!groups.has(id)) throw new KinoraError('GROUP_NOT_FOUND', `packaging group ${id} does not exist`);
      return { id };
    },
    async createPackagingGroup(body) {
      const { id } = body as { id: string };
      if (groups.has(id)) throw new KinoraError('ALREADY_EXISTS', `group ${id} exists`);
      groups.add(id);
    },
    async createPackagingConfiguration(body) {
      configurations.push(body as Record<string, unknown>);
    },
    async createAsset(body) {
      const b = body as { id: string };
      if (assets.some((a) => a.id === b.id)) throw new KinoraError('ALREADY_EXISTS', `asset ${b.id} exists`);
      assets.push(b);
    },
    async describeAsset(id) {
      const a = assets.find((x) => x.id === id);
      if (!a) throw new KinoraError('ASSET_NOT_FOUND', `asset ${id} does not exist`);
      return a;
    },
  };
  return { api, groups, configurations, assets };
}

function jobEvent(detail: Record<string, unknown>, source = 'aws.mediaconvert'): EventBridgeEvent {
  return { version: '0', id: 'e-1', 'detail-type': 'MediaConvert Job State Change', source, account: '111122223333', time: '2018-09-14T21:54:31Z', region: 'us-west-2', resources: [], detail } as EventBridgeEvent;
}

const complete = {
  status: 'COMPLETE',
  outputGroupDetails: [
    { type: 'HLS_GROUP', playlistFilePaths: ['s3://bucket/hls/main.m3u8'] },
    { type: 'FILE_GROUP', outputDetails: [{ outputFilePaths: ['s3://bucket/mp4/main.mp4'] }] },
    { type: 'HLS_GROUP', playlistFilePaths: ['s3://bucket/other/VAN LIFE.v2.m3u8'] },
  ],
};
const input = { packagingGroupId: 'tutorial', sourceRoleArn: 'arn:aws:iam::1:role/read' };
const context = { deliveryId: 'd', attempt: 1, ruleArn: 'r', targetId: 't', signal: new AbortController().signal };

test('every HLS group and playlist becomes an asset; the group and its CMAF/MSS/DASH configurations at 2 s are made once', async () => {
  const { api, groups, configurations, assets } = fakeApi();
  const result = await createVodAssetFunction(api)(jobEvent(complete), input, context);
  assert.deepEqual(result, { assetIds: ['main_1536962071', 'VAN-LIFE_1536962071'] });
  assert.deepEqual([...groups], ['tutorial']);
  assert.deepEqual(configurations.map((c) => [c.id, Object.keys(c).find((k) => k.endsWith('Package'))]), [
    ['tutorial_CMAF_config', 'cmafPackage'],
    ['tutorial_MSS_config', 'mssPackage'],
    ['tutorial_DASH_config', 'dashPackage'],
  ]);
  assert.deepEqual(assets.map((a) => [a.sourceArn, a.sourceRoleArn, a.packagingGroupId]), [
    ['arn:aws:s3:::bucket/hls/main.m3u8', input.sourceRoleArn, 'tutorial'],
    ['arn:aws:s3:::bucket/other/VAN LIFE.v2.m3u8', input.sourceRoleArn, 'tutorial'],
  ]);
});

test('a duplicate delivery of the same event creates no second asset and no second group', async () => {
  const { api, configurations, assets } = fakeApi();
  const fn = createVodAssetFunction(api);
  await fn(jobEvent(complete), input, context);
  await fn(jobEvent(complete), input, context);
  assert.equal(assets.length, 2);
  assert.equal(configurations.length, 3);
});

test('another playlist with the same base name in the same second is not skipped: it gets an id with a hash of its path', async () => {
  const { api, assets } = fakeApi();
  const fn = createVodAssetFunction(api);
  const job = (dir: string) => ({ status: 'COMPLETE', outputGroupDetails: [{ type: 'HLS_GROUP', playlistFilePaths: [`s3://media/${dir}/HLS/main.m3u8`] }] });
  const first = await fn(jobEvent(job('a')), input, context);
  const second = await fn(jobEvent(job('b')), input, context);
  assert.deepEqual(first, { assetIds: ['main_1536962071'] });
  assert.match((second as { assetIds: string[] }).assetIds[0], /^main_1536962071_[0-9a-f]{8}$/);
  assert.deepEqual(assets.map((a) => [a.id, a.sourceArn]), [
    ['main_1536962071', 'arn:aws:s3:::media/a/HLS/main.m3u8'],
    [(second as { assetIds: string[] }).assetIds[0], 'arn:aws:s3:::media/b/HLS/main.m3u8'],
  ]);
  // Duplicate deliveries of either event find their own asset and create nothing.
  assert.deepEqual(await fn(jobEvent(job('b')), input, context), second);
  assert.deepEqual(await fn(jobEvent(job('a')), input, context), first);
  assert.equal(assets.length, 2);
  // Two groups of one job with the same base name: both become assets.
  const both = await fn(jobEvent({ status: 'COMPLETE', outputGroupDetails: [{ type: 'HLS_GROUP', playlistFilePaths: ['s3://media/c/x.m3u8', 's3://media/d/x.m3u8'] }] }), input, context);
  assert.equal(new Set((both as { assetIds: string[] }).assetIds).size, 2);
  assert.equal(assets.length, 4);
});

test('no-ops, each logged: not COMPLETE, not MediaConvert, no HLS group', async () => {
  const { api, assets, groups } = fakeApi();
  const lines: Record<string, unknown>[] = [];
  const fn = createVodAssetFunction(api, { log: (l) => lines.push(l) });
  await fn(jobEvent({ ...complete, status: 'ERROR' }), input, context);
  await fn(jobEvent(complete, 'aws.s3'), input, context);
  await fn(jobEvent({ status: 'COMPLETE', outputGroupDetails: [{ type: 'DASH_ISO_GROUP', playlistFilePaths: ['s3://b/x.mpd'] }] }), input, context);
  await fn(jobEvent({ status: 'COMPLETE' }), input, context);
  assert.equal(assets.length + groups.size, 0);
  assert.deepEqual(lines.map((l) => l.outcome), ['ignored', 'ignored', 'ignored', 'ignored']);
  assert.match(String(lines[2].reason), /no HLS_GROUP/);
});

test('without target parameters: the default group and role', async () => {
  const { api, assets } = fakeApi();
  await createVodAssetFunction(api)(jobEvent(complete), jobEvent(complete), context);
  assert.equal(assets[0].packagingGroupId, 'kinora-vod');
});
