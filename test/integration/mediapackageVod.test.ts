/**
 * The MediaPackage VOD control plane through the official AWS SDK v3 client
 * (`@aws-sdk/client-mediapackage-vod`), over real HTTP on 127.0.0.1: the
 * seed tutorial's calls (ingest_asset.py), every response field it reads,
 * pagination, tags, logs, deletes, and each bad input with the SDK's own
 * exception class. Sources live in folder buckets under the data dir.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  MediaPackageVodClient,
  ConfigureLogsCommand,
  CreateAssetCommand,
  CreatePackagingConfigurationCommand,
  CreatePackagingGroupCommand,
  DeleteAssetCommand,
  DeletePackagingConfigurationCommand,
  DeletePackagingGroupCommand,
  DescribeAssetCommand,
  DescribePackagingConfigurationCommand,
  DescribePackagingGroupCommand,
  ListAssetsCommand,
  ListPackagingConfigurationsCommand,
  ListPackagingGroupsCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdatePackagingGroupCommand,
  NotFoundException,
  UnprocessableEntityException,
  TooManyRequestsException,
  paginateListPackagingGroups,
  type CreateAssetCommandOutput,
  type DescribeAssetCommandOutput,
} from '@aws-sdk/client-mediapackage-vod';
import { startKinoraServer, type KinoraServer } from '../../src/control/startKinoraServer.ts';
import { configFromEnv } from '../../src/config/KinoraConfig.ts';
import { MemoryEventSink } from '../../src/control/events/MemoryEventSink.ts';
import { ensureFixture } from '../../scripts/fixtures.ts';

const ROLE = 'arn:aws:iam::111122223333:role/MediaPackageReadS3';
const GROUP = 'MyPackagingGroup';
const HEX32 = '[0-9a-f]{32}';

let dataDir: string;
let server: KinoraServer;
let client: MediaPackageVodClient;
const events = new MemoryEventSink();

/** Copies the ladder fixture to s3://<bucket>/<folder>/ (a folder bucket in the data dir). */
async function putLadder(bucket: string, folder: string): Promise<void> {
  cpSync(dirname(await ensureFixture('ladder')), join(dataDir, 'buckets', bucket, folder), { recursive: true });
}

/** Polls `read` until `done` holds (at most ~60 s), returning the last value. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 1200; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Asserts that `work` throws the SDK exception `type` with this status and a message matching `message`. */
async function throwsAws(work: Promise<unknown>, type: new (...args: any[]) => Error, status: number, message: RegExp): Promise<void> {
  await assert.rejects(work, (e: any) => {
    assert.ok(e instanceof type, `expected ${type.name}, got ${e?.name}: ${e?.message}`);
    assert.equal((e as any).$metadata.httpStatusCode, status);
    assert.match(e.message, message);
    return true;
  });
}

const playable = (a: DescribeAssetCommandOutput) => (a.EgressEndpoints ?? []).length > 0 && a.EgressEndpoints!.every((e) => e.Status === 'PLAYABLE' || e.Status === 'FAILED');

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kinora-vod-'));
  await putLadder('media', 'assets/VANLIFE/HLS');
  server = await startKinoraServer({
    config: { ...configFromEnv({}), dataDir, port: 0, maxPackagingGroups: 12, maxConfigurationsPerGroup: 4, maxAssetsPerGroup: 3 },
    events,
    accessLog: () => {},
  });
  client = new MediaPackageVodClient({ endpoint: server.url, region: 'us-west-2', credentials: server.accessKey.key, maxAttempts: 1 });
});

after(async () => {
  client?.destroy();
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the tutorial (ingest_asset.py) against Kinora', () => {
  let assetId: string;
  let created: CreateAssetCommandOutput;
  let ready: DescribeAssetCommandOutput;

  test('describe_packaging_group of a missing group raises NotFoundException', async () => {
    await throwsAws(client.send(new DescribePackagingGroupCommand({ Id: GROUP })), NotFoundException, 404, /packaging group MyPackagingGroup does not exist/);
  });

  test('create_packaging_group', async () => {
    const g = await client.send(new CreatePackagingGroupCommand({ Id: GROUP }));
    assert.equal(g.$metadata.httpStatusCode, 200);
    assert.match(g.$metadata.requestId!, /^[0-9a-f-]{36}$/);
    assert.equal(g.Id, GROUP);
    assert.equal(g.Arn, `arn:aws:mediapackage-vod:us-east-1:000000000000:packaging-groups/${GROUP}`);
    assert.equal(g.DomainName, server.url);
    assert.ok(Math.abs(Date.parse(g.CreatedAt!) - Date.now()) < 60_000, g.CreatedAt);
    assert.deepEqual(g.Tags, {});
    assert.equal(g.Authorization, undefined);
    assert.equal(g.EgressAccessLogs, undefined);
  });

  test('create_packaging_configuration: CMAF, MSS and DASH, 2-second segments, one empty manifest each', async () => {
    const packages = {
      CMAF: { CmafPackage: { HlsManifests: [{}], SegmentDurationSeconds: 2 } },
      MSS: { MssPackage: { MssManifests: [{}], SegmentDurationSeconds: 2 } },
      DASH: { DashPackage: { DashManifests: [{}], SegmentDurationSeconds: 2 } },
    };
    for (const [name, pkg] of Object.entries(packages)) {
      const c = await client.send(new CreatePackagingConfigurationCommand({ Id: `${GROUP}_${name}_config`, PackagingGroupId: GROUP, ...pkg }));
      assert.equal(c.Id, `${GROUP}_${name}_config`);
      assert.equal(c.Arn, `arn:aws:mediapackage-vod:us-east-1:000000000000:packaging-configurations/${GROUP}_${name}_config`);
      assert.equal(c.PackagingGroupId, GROUP);
      assert.ok(c.CreatedAt);
      assert.deepEqual(c.Tags, {});
      const [[key, value]] = Object.entries(pkg);
      assert.deepEqual((c as any)[key], value, `${key} echoed as sent`);
      for (const other of ['CmafPackage', 'MssPackage', 'DashPackage', 'HlsPackage'].filter((k) => k !== key)) assert.equal((c as any)[other], undefined);
    }
  });

  test('create_asset returns at once, every endpoint QUEUED, one URL per configuration', async () => {
    const hlsPath = 's3://media/assets/VANLIFE/HLS/ladder.m3u8';
    const sourceArn = `arn:aws:s3:::${hlsPath.split('s3://')[1]}`;
    assetId = `${hlsPath.split('/').at(-1)!.split('.')[0]}${Math.floor(Date.now() / 1000)}`;
    created = await client.send(new CreateAssetCommand({ Id: assetId, PackagingGroupId: GROUP, SourceArn: sourceArn, SourceRoleArn: ROLE }));
    assert.equal(created.Id, assetId);
    assert.equal(created.Arn, `arn:aws:mediapackage-vod:us-east-1:000000000000:assets/${assetId}`);
    assert.equal(created.PackagingGroupId, GROUP);
    assert.equal(created.SourceArn, sourceArn);
    assert.equal(created.SourceRoleArn, ROLE);
    assert.ok(created.CreatedAt);
    assert.deepEqual(created.Tags, {});
    const endpoints = created.EgressEndpoints!;
    assert.deepEqual(endpoints.map((e) => e.PackagingConfigurationId).sort(), [`${GROUP}_CMAF_config`, `${GROUP}_DASH_config`, `${GROUP}_MSS_config`]);
    for (const e of endpoints) assert.equal(e.Status, 'QUEUED');
    const suffix: Record<string, string> = { CMAF: 'index\\.m3u8', DASH: 'index\\.mpd', MSS: 'index\\.ism/Manifest' };
    for (const e of endpoints) {
      const kind = /_(CMAF|DASH|MSS)_config$/.exec(e.PackagingConfigurationId!)![1];
      assert.match(e.Url!, new RegExp(`^${server.url}/out/v1/${HEX32}/${HEX32}/${HEX32}/${suffix[kind]}$`));
    }
    const parts = endpoints.map((e) => new URL(e.Url!).pathname.split('/'));
    assert.equal(new Set(parts.map((p) => p[3])).size, 1, 'one group hash');
    assert.equal(new Set(parts.map((p) => p[5])).size, 1, 'one asset hash');
    assert.equal(new Set(parts.map((p) => p[4])).size, 3, 'a hash per configuration');
  });

  test('describe_asset until every endpoint is PLAYABLE; URLs never change', async () => {
    ready = await until(() => client.send(new DescribeAssetCommand({ Id: assetId })), playable, 'the asset to be ingested');
    for (const e of ready.EgressEndpoints!) assert.equal(e.Status, 'PLAYABLE', e.PackagingConfigurationId);
    assert.deepEqual(ready.EgressEndpoints!.map((e) => e.Url).sort(), created.EgressEndpoints!.map((e) => e.Url).sort());
    assert.equal(ready.SourceArn, created.SourceArn);
    assert.equal(ready.CreatedAt, created.CreatedAt);
    assert.equal(ready.ResourceId, assetId);
    const g = await client.send(new DescribePackagingGroupCommand({ Id: GROUP }));
    assert.equal(g.ApproximateAssetCount, 1);
  });

  test('the egress URLs play, without any signature', async () => {
    const url = (kind: string) => ready.EgressEndpoints!.find((e) => e.PackagingConfigurationId === `${GROUP}_${kind}_config`)!.Url!;
    const hls = await fetch(url('CMAF'));
    assert.equal(hls.status, 200);
    const playlist = await hls.text();
    assert.match(playlist, /^#EXTM3U/);
    const child = playlist.split('\n').find((l) => l.endsWith('.m3u8'))!;
    const media = await (await fetch(new URL(child, url('CMAF')))).text();
    const segment = media.split('\n').find((l) => l.endsWith('.m4s'))!;
    const bytes = new Uint8Array(await (await fetch(new URL(segment, new URL(child, url('CMAF'))))).arrayBuffer());
    assert.equal(Buffer.from(bytes.subarray(4, 8)).toString('latin1'), 'styp');
    const dash = await fetch(url('DASH'));
    assert.equal(dash.status, 200);
    assert.match(await dash.text(), /<MPD[\s>]/);
  });

  test('MediaPackage events: IngestStart, IngestComplete, one VodAssetPlayable per configuration with its URL', async () => {
    const mine = events.events.filter((e) => e.resources[0] === created.Arn);
    assert.deepEqual(mine.slice(0, 2).map((e) => e.detail.event), ['IngestStart', 'IngestComplete']);
    const playables = mine.filter((e) => e.detail.event === 'VodAssetPlayable');
    assert.equal(playables.length, 3);
    for (const e of playables) {
      assert.equal(e.source, 'aws.mediapackage');
      assert.equal(e['detail-type'], 'MediaPackage Input Notification');
      const endpoint = ready.EgressEndpoints!.find((x) => x.PackagingConfigurationId === e.detail.packaging_configuration_id)!;
      assert.deepEqual(e.detail.manifest_urls, [endpoint.Url]);
      assert.equal(e.resources[1], `arn:aws:mediapackage-vod:us-east-1:000000000000:packaging-configurations/${endpoint.PackagingConfigurationId}`);
    }
  });
});

describe('lists, pagination, tags and logs', () => {
  test('ListPackagingGroups pages with MaxResults and NextToken; the SDK paginator walks them all', async () => {
    for (const id of ['page_a', 'page_b', 'page_c', 'page_d']) await client.send(new CreatePackagingGroupCommand({ Id: id }));
    const first = await client.send(new ListPackagingGroupsCommand({ MaxResults: 2 }));
    assert.equal(first.PackagingGroups!.length, 2);
    assert.ok(first.NextToken);
    const ids: string[] = [];
    let pages = 0;
    for await (const page of paginateListPackagingGroups({ client, pageSize: 2 }, {})) {
      pages++;
      ids.push(...page.PackagingGroups!.map((g) => g.Id!));
      for (const g of page.PackagingGroups!) {
        assert.equal(g.DomainName, server.url);
        assert.equal(typeof g.ApproximateAssetCount, 'number');
      }
    }
    assert.deepEqual(ids, [GROUP, 'page_a', 'page_b', 'page_c', 'page_d']);
    assert.equal(pages, 3);
    const all = await client.send(new ListPackagingGroupsCommand({}));
    assert.equal(all.NextToken, undefined);
    assert.equal(all.PackagingGroups!.find((g) => g.Id === GROUP)!.ApproximateAssetCount, 1);
  });

  test('ListPackagingConfigurations and ListAssets filter by group; assets are shallow', async () => {
    await client.send(new CreatePackagingConfigurationCommand({ Id: 'page_a_cmaf', PackagingGroupId: 'page_a', CmafPackage: { HlsManifests: [{ ManifestName: 'main' }] } }));
    const configs = await client.send(new ListPackagingConfigurationsCommand({ PackagingGroupId: GROUP }));
    assert.deepEqual(configs.PackagingConfigurations!.map((c) => c.Id), [`${GROUP}_CMAF_config`, `${GROUP}_DASH_config`, `${GROUP}_MSS_config`]);
    assert.deepEqual(configs.PackagingConfigurations![0].CmafPackage, { HlsManifests: [{}], SegmentDurationSeconds: 2 });
    const paged = await client.send(new ListPackagingConfigurationsCommand({ MaxResults: 3 }));
    assert.equal(paged.PackagingConfigurations!.length, 3);
    const rest = await client.send(new ListPackagingConfigurationsCommand({ MaxResults: 3, NextToken: paged.NextToken }));
    assert.deepEqual(rest.PackagingConfigurations!.map((c) => c.Id), ['page_a_cmaf']);
    const assets = await client.send(new ListAssetsCommand({ PackagingGroupId: GROUP }));
    assert.equal(assets.Assets!.length, 1);
    assert.equal((assets.Assets![0] as any).EgressEndpoints, undefined);
    assert.match(assets.Assets![0].SourceArn!, /^arn:aws:s3:::media\//);
    assert.deepEqual((await client.send(new ListAssetsCommand({ PackagingGroupId: 'page_b' }))).Assets, []);
  });

  test('bad MaxResults and NextToken are UnprocessableEntityException', async () => {
    await throwsAws(client.send(new ListAssetsCommand({ MaxResults: 0 })), UnprocessableEntityException, 422, /maxResults must be an integer from 1 to 1000/);
    await throwsAws(client.send(new ListPackagingGroupsCommand({ MaxResults: 1001 })), UnprocessableEntityException, 422, /maxResults/);
    await throwsAws(client.send(new ListPackagingGroupsCommand({ NextToken: 'forged' })), UnprocessableEntityException, 422, /nextToken is not a token this API issued/);
  });

  test('tags: set at creation, listed, added and removed by ARN, on groups, configurations and assets', async () => {
    const g = await client.send(new CreatePackagingGroupCommand({ Id: 'tagged', Tags: { team: 'video', env: 'test' } }));
    assert.deepEqual(g.Tags, { team: 'video', env: 'test' });
    assert.deepEqual((await client.send(new ListTagsForResourceCommand({ ResourceArn: g.Arn }))).Tags, { team: 'video', env: 'test' });
    const tagged = await client.send(new TagResourceCommand({ ResourceArn: g.Arn, Tags: { env: 'prod', owner: 'ops@example.com' } }));
    assert.equal(tagged.$metadata.httpStatusCode, 204);
    const untagged = await client.send(new UntagResourceCommand({ ResourceArn: g.Arn, TagKeys: ['team', 'absent'] }));
    assert.equal(untagged.$metadata.httpStatusCode, 204);
    assert.deepEqual((await client.send(new ListTagsForResourceCommand({ ResourceArn: g.Arn }))).Tags, { env: 'prod', owner: 'ops@example.com' });
    assert.deepEqual((await client.send(new DescribePackagingGroupCommand({ Id: 'tagged' }))).Tags, { env: 'prod', owner: 'ops@example.com' });

    const c = await client.send(new DescribePackagingConfigurationCommand({ Id: `${GROUP}_DASH_config` }));
    await client.send(new TagResourceCommand({ ResourceArn: c.Arn, Tags: { format: 'dash' } }));
    assert.deepEqual((await client.send(new DescribePackagingConfigurationCommand({ Id: c.Id }))).Tags, { format: 'dash' });
    const assets = await client.send(new ListAssetsCommand({ PackagingGroupId: GROUP }));
    await client.send(new TagResourceCommand({ ResourceArn: assets.Assets![0].Arn, Tags: { title: 'Van life' } }));
    assert.deepEqual((await client.send(new ListTagsForResourceCommand({ ResourceArn: assets.Assets![0].Arn }))).Tags, { title: 'Van life' });

    await throwsAws(client.send(new ListTagsForResourceCommand({ ResourceArn: 'arn:aws:mediapackage-vod:us-east-1:000000000000:assets/none' })), NotFoundException, 404, /no MediaPackage VOD resource has the ARN/);
    await throwsAws(client.send(new TagResourceCommand({ ResourceArn: g.Arn, Tags: { 'aws:reserved': 'x' } })), UnprocessableEntityException, 422, /tags key "aws:reserved"/);
  });

  test('ConfigureLogs sets egressAccessLogs; leaving it out disables logging', async () => {
    const on = await client.send(new ConfigureLogsCommand({ Id: 'tagged', EgressAccessLogs: { LogGroupName: '/aws/MediaPackage/EgressAccessLogs' } }));
    assert.deepEqual(on.EgressAccessLogs, { LogGroupName: '/aws/MediaPackage/EgressAccessLogs' });
    assert.equal(on.Id, 'tagged');
    assert.deepEqual((await client.send(new DescribePackagingGroupCommand({ Id: 'tagged' }))).EgressAccessLogs, { LogGroupName: '/aws/MediaPackage/EgressAccessLogs' });
    const off = await client.send(new ConfigureLogsCommand({ Id: 'tagged' }));
    assert.equal(off.EgressAccessLogs, undefined);
    await throwsAws(client.send(new ConfigureLogsCommand({ Id: 'none' })), NotFoundException, 404, /packaging group none does not exist/);
  });
});

describe('bad inputs, each with its AWS exception', () => {
  test('duplicate ids: groups, configurations (unique across groups) and assets', async () => {
    await throwsAws(client.send(new CreatePackagingGroupCommand({ Id: GROUP })), UnprocessableEntityException, 422, /packaging group MyPackagingGroup already exists/);
    await throwsAws(client.send(new CreatePackagingConfigurationCommand({ Id: `${GROUP}_CMAF_config`, PackagingGroupId: 'page_b', CmafPackage: { HlsManifests: [{}] } })), UnprocessableEntityException, 422, /already exists/);
    const asset = (await client.send(new ListAssetsCommand({ PackagingGroupId: GROUP }))).Assets![0];
    await throwsAws(client.send(new CreateAssetCommand({ Id: asset.Id, PackagingGroupId: 'page_b', SourceArn: asset.SourceArn, SourceRoleArn: ROLE })), UnprocessableEntityException, 422, /already exists/);
  });

  test('ids: only letters, digits, _ and -, at most 1024 characters', async () => {
    await throwsAws(client.send(new CreatePackagingGroupCommand({ Id: 'my.group' })), UnprocessableEntityException, 422, /^id may contain only letters, digits, _ and -/);
    await throwsAws(client.send(new CreatePackagingGroupCommand({ Id: 'g'.repeat(1025) })), UnprocessableEntityException, 422, /^id must be at most 1024 characters/);
    const long = 'g'.repeat(1024);
    assert.equal((await client.send(new CreatePackagingGroupCommand({ Id: long }))).Id, long);
    await client.send(new DeletePackagingGroupCommand({ Id: long }));
    await throwsAws(client.send(new CreateAssetCommand({ Id: 'a b', PackagingGroupId: GROUP, SourceArn: 'arn:aws:s3:::media/x.m3u8', SourceRoleArn: ROLE })), UnprocessableEntityException, 422, /^id may contain only/);
  });

  test('a configuration or asset for a missing group is NotFoundException', async () => {
    await throwsAws(client.send(new CreatePackagingConfigurationCommand({ Id: 'orphan', PackagingGroupId: 'nope', DashPackage: { DashManifests: [{}] } })), NotFoundException, 404, /packaging group nope does not exist/);
    await throwsAws(client.send(new CreateAssetCommand({ Id: 'orphan', PackagingGroupId: 'nope', SourceArn: 'arn:aws:s3:::media/x.m3u8', SourceRoleArn: ROLE })), NotFoundException, 404, /packaging group nope/);
  });

  test('unsupported and invalid package fields are refused by name', async () => {
    await throwsAws(
      client.send(new CreatePackagingConfigurationCommand({ Id: 'x', PackagingGroupId: GROUP, DashPackage: { DashManifests: [{ ScteMarkersSource: 'SEGMENTS' }] } })),
      UnprocessableEntityException,
      422,
      /dashPackage\.dashManifests\[0\]\.scteMarkersSource = "SEGMENTS" is not supported by Kinora yet/,
    );
    await throwsAws(
      client.send(new CreatePackagingConfigurationCommand({ Id: 'x', PackagingGroupId: GROUP, HlsPackage: { HlsManifests: [{}], IncludeDvbSubtitles: true } })),
      UnprocessableEntityException,
      422,
      /hlsPackage\.includeDvbSubtitles = true is not supported/,
    );
    await throwsAws(
      client.send(new CreatePackagingConfigurationCommand({ Id: 'x', PackagingGroupId: GROUP, DashPackage: { DashManifests: [{}], SegmentTemplateFormat: 'SOMETHING' as any } })),
      UnprocessableEntityException,
      422,
      /dashPackage\.segmentTemplateFormat must be one of/,
    );
    await throwsAws(client.send(new CreatePackagingConfigurationCommand({ Id: 'x', PackagingGroupId: GROUP })), UnprocessableEntityException, 422, /exactly one of/);
  });

  test('sourceArn: leaving the bucket or not HLS is refused at create; content that is not HLS fails the asset with a reason', async () => {
    await throwsAws(client.send(new CreateAssetCommand({ Id: 'escape', PackagingGroupId: GROUP, SourceArn: 'arn:aws:s3:::media/../secrets/x.m3u8', SourceRoleArn: ROLE })), UnprocessableEntityException, 422, /sourceArn has a "\.\." path segment/);
    await throwsAws(client.send(new CreateAssetCommand({ Id: 'mp4', PackagingGroupId: GROUP, SourceArn: 'arn:aws:s3:::media/movie.mp4', SourceRoleArn: ROLE })), UnprocessableEntityException, 422, /sourceArn must name an HLS/);
    await throwsAws(client.send(new CreateAssetCommand({ Id: 'file', PackagingGroupId: GROUP, SourceArn: 'file:///etc/passwd', SourceRoleArn: ROLE })), UnprocessableEntityException, 422, /S3 object ARN/);

    mkdirSync(join(dataDir, 'buckets', 'media', 'junk'), { recursive: true });
    writeFileSync(join(dataDir, 'buckets', 'media', 'junk', 'notes.m3u8'), 'these are not the playlists you are looking for\n');
    writeFileSync(join(dataDir, 'buckets', 'media', 'junk', 'elsewhere.m3u8'), '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1000000\ns3://private/master.m3u8\n');
    await client.send(new CreateAssetCommand({ Id: 'notHls', PackagingGroupId: 'page_b', SourceArn: 'arn:aws:s3:::media/junk/notes.m3u8', SourceRoleArn: ROLE }));
    await client.send(new CreateAssetCommand({ Id: 'escapes', PackagingGroupId: 'page_b', SourceArn: 'arn:aws:s3:::media/junk/elsewhere.m3u8', SourceRoleArn: ROLE }));
    await client.send(new CreatePackagingConfigurationCommand({ Id: 'page_b_dash', PackagingGroupId: 'page_b', DashPackage: { DashManifests: [{}] } }));
    for (const [id, reason] of [['notHls', /^PLAYLIST_INVALID: /], ['escapes', /^SOURCE_FORBIDDEN: .*outside the asset's source root/]] as const) {
      const a = await until(() => client.send(new DescribeAssetCommand({ Id: id })), playable, `${id} to finish`);
      assert.deepEqual(a.EgressEndpoints!.map((e) => e.Status), ['FAILED']);
      assert.match((await server.kinora.catalog.getAsset(id))!.statusReason!, reason);
      const error = events.events.find((e) => e.resources[0] === a.Arn && e.detail.event === 'IngestError');
      assert.match(String(error?.detail.message), new RegExp(reason.source.slice(1)), 'IngestError carries the reason');
    }
    const ok = (await client.send(new DescribeAssetCommand({ Id: (await client.send(new ListAssetsCommand({ PackagingGroupId: GROUP }))).Assets![0].Id }))).EgressEndpoints!;
    assert.ok(ok.every((e) => e.Status === 'PLAYABLE'), 'the failures touched no other asset');
  });

  test('quotas: groups, configurations per group, assets per group are TooManyRequestsException', async () => {
    const groups = (await client.send(new ListPackagingGroupsCommand({}))).PackagingGroups!.length;
    for (let i = groups; i < 12; i++) await client.send(new CreatePackagingGroupCommand({ Id: `fill_${i}` }));
    await throwsAws(client.send(new CreatePackagingGroupCommand({ Id: 'one_too_many' })), TooManyRequestsException, 429, /quota of 12 packaging groups/);
    await client.send(new CreatePackagingConfigurationCommand({ Id: `${GROUP}_HLS_config`, PackagingGroupId: GROUP, HlsPackage: { HlsManifests: [{}] } }));
    await throwsAws(client.send(new CreatePackagingConfigurationCommand({ Id: 'fifth', PackagingGroupId: GROUP, HlsPackage: { HlsManifests: [{}] } })), TooManyRequestsException, 429, /quota of 4 packaging configurations/);
    await client.send(new DeletePackagingConfigurationCommand({ Id: `${GROUP}_HLS_config` }));
    await putLadder('media', 'q');
    for (const id of ['q1', 'q2']) await client.send(new CreateAssetCommand({ Id: id, PackagingGroupId: GROUP, SourceArn: 'arn:aws:s3:::media/q/ladder.m3u8', SourceRoleArn: ROLE }));
    await throwsAws(client.send(new CreateAssetCommand({ Id: 'q3', PackagingGroupId: GROUP, SourceArn: 'arn:aws:s3:::media/q/ladder.m3u8', SourceRoleArn: ROLE })), TooManyRequestsException, 429, /quota of 3 assets/);
    for (const id of ['q1', 'q2']) {
      await until(() => client.send(new DescribeAssetCommand({ Id: id })), playable, id);
      await client.send(new DeleteAssetCommand({ Id: id }));
    }
  });

  test('a 10 MB body is refused (413, UnprocessableEntityException)', async () => {
    await throwsAws(client.send(new CreatePackagingGroupCommand({ Id: 'huge', Tags: { big: 'x'.repeat(10 << 20) } })), UnprocessableEntityException, 413, /request body is larger than the limit/);
    await throwsAws(client.send(new DescribePackagingGroupCommand({ Id: 'huge' })), NotFoundException, 404, /does not exist/);
  });

  test('missing resources are NotFoundException for describe, update and delete', async () => {
    await throwsAws(client.send(new DescribeAssetCommand({ Id: 'none' })), NotFoundException, 404, /asset none does not exist/);
    await throwsAws(client.send(new DescribePackagingConfigurationCommand({ Id: 'none' })), NotFoundException, 404, /packaging configuration none does not exist/);
    await throwsAws(client.send(new DeleteAssetCommand({ Id: 'none' })), NotFoundException, 404, /asset none/);
    await throwsAws(client.send(new DeletePackagingConfigurationCommand({ Id: 'none' })), NotFoundException, 404, /configuration none/);
    await throwsAws(client.send(new DeletePackagingGroupCommand({ Id: 'none' })), NotFoundException, 404, /group none/);
    await throwsAws(client.send(new UpdatePackagingGroupCommand({ Id: 'none' })), NotFoundException, 404, /group none/);
  });
});

describe('deletes', () => {
  test('a group with configurations or assets cannot be deleted; deleted resources leave egress at once', async () => {
    await throwsAws(client.send(new DeletePackagingGroupCommand({ Id: GROUP })), UnprocessableEntityException, 422, /still has 3 packaging configuration\(s\) and 1 asset\(s\); delete them first/);
    const [asset] = (await client.send(new ListAssetsCommand({ PackagingGroupId: GROUP }))).Assets!;
    const before = await client.send(new DescribeAssetCommand({ Id: asset.Id }));
    const dash = before.EgressEndpoints!.find((e) => e.PackagingConfigurationId === `${GROUP}_DASH_config`)!.Url!;
    const cmaf = before.EgressEndpoints!.find((e) => e.PackagingConfigurationId === `${GROUP}_CMAF_config`)!.Url!;
    assert.equal((await fetch(dash)).status, 200);

    const deleted = await client.send(new DeletePackagingConfigurationCommand({ Id: `${GROUP}_DASH_config` }));
    assert.equal(deleted.$metadata.httpStatusCode, 202);
    assert.equal((await fetch(dash)).status, 404);
    const after = await client.send(new DescribeAssetCommand({ Id: asset.Id }));
    assert.deepEqual(after.EgressEndpoints!.map((e) => e.PackagingConfigurationId).sort(), [`${GROUP}_CMAF_config`, `${GROUP}_MSS_config`]);

    assert.equal((await fetch(cmaf)).status, 200);
    assert.equal((await client.send(new DeleteAssetCommand({ Id: asset.Id }))).$metadata.httpStatusCode, 202);
    assert.equal((await fetch(cmaf)).status, 404);
    await throwsAws(client.send(new DescribeAssetCommand({ Id: asset.Id })), NotFoundException, 404, /does not exist/);
    await throwsAws(client.send(new DeletePackagingGroupCommand({ Id: GROUP })), UnprocessableEntityException, 422, /still has 2 packaging configuration\(s\) and 0 asset\(s\)/);
    for (const id of [`${GROUP}_CMAF_config`, `${GROUP}_MSS_config`]) await client.send(new DeletePackagingConfigurationCommand({ Id: id }));
    assert.equal((await client.send(new DeletePackagingGroupCommand({ Id: GROUP }))).$metadata.httpStatusCode, 202);
    await throwsAws(client.send(new DescribePackagingGroupCommand({ Id: GROUP })), NotFoundException, 404, /does not exist/);
  });
});

describe('operations and the CLI', () => {
  test('/healthz and /metrics (request counts by route and status, assets by status)', async () => {
    const health = await fetch(`${server.url}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual((await health.json()) as unknown, { status: 'ok' });
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(metrics, /^kinora_http_requests_total\{route="\/packaging_groups",method="POST",status="200"\} \d+$/m);
    assert.match(metrics, /^kinora_http_requests_total\{route="\/packaging_groups\/:id",method="GET",status="404"\} \d+$/m);
    assert.match(metrics, /^kinora_http_requests_total\{route="\/out\/\*",method="GET",status="200"\} \d+$/m);
    assert.match(metrics, /^kinora_http_request_duration_seconds_bucket\{route="\/assets",method="POST",status="200",le="\+Inf"\} \d+$/m);
    const failed = (await server.kinora.catalog.countAssetsByStatus()).FAILED;
    assert.ok(failed >= 2);
    assert.match(metrics, new RegExp(`^kinora_assets\\{status="FAILED"\\} ${failed}$`, 'm'));
    assert.match(metrics, /^kinora_ingest_queue 0$/m);
  });

  test('kinora group|config|asset call the same control plane on the data dir', () => {
    const kinora = (...args: string[]) => spawnSync(process.execPath, ['bin/kinora.ts', ...args, '--data', dataDir], { encoding: 'utf8', env: { ...process.env, KINORA_PUBLIC_URL: 'https://cdn.example' } });
    const created = kinora('config', 'create', 'cli_dash', '--group', 'page_c', '--type', 'dash', '--segment-seconds', '4', '--tag', 'via=cli');
    assert.equal(created.status, 0, created.stderr);
    assert.deepEqual(JSON.parse(created.stdout).dashPackage, { dashManifests: [{}], segmentDurationSeconds: 4 });
    const described = kinora('group', 'describe', 'page_c');
    assert.equal(described.status, 0, described.stderr);
    assert.equal(JSON.parse(described.stdout).domainName, 'https://cdn.example');
    const list = kinora('config', 'list', '--group', 'page_c');
    assert.deepEqual(JSON.parse(list.stdout).map((c: any) => [c.id, c.tags]), [['cli_dash', { via: 'cli' }]]);
    const refused = kinora('group', 'delete', 'page_c');
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /RESOURCE_IN_USE: packaging group page_c still has 1 packaging configuration/);
    const bad = kinora('config', 'create', 'cli_bad', '--group', 'page_c', '--type', 'cmaf', '--segment-seconds', '0');
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /INVALID_REQUEST: cmafPackage\.segmentDurationSeconds must be between 1 and 30/);
  });
});
