/**
 * A server stopped in the middle of an ingest (close, then a new server on
 * the same data dir, as after a crash) leaves no asset stuck: the next start
 * ingests whatever was QUEUED or PROCESSING again, through the SDK's eyes too.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { MediaPackageVodClient, CreateAssetCommand, CreatePackagingConfigurationCommand, CreatePackagingGroupCommand, DescribeAssetCommand } from '@aws-sdk/client-mediapackage-vod';
import { startKinoraServer } from '../../src/control/startKinoraServer.ts';
import { configFromEnv, type KinoraConfig } from '../../src/config/KinoraConfig.ts';
import { openKinora } from '../../src/config/openKinora.ts';
import { SqliteCatalog } from '../../src/catalog/SqliteCatalog.ts';
import { FolderObjectStore } from '../../src/storage/FolderObjectStore.ts';
import type { ObjectStore } from '../../src/storage/ObjectStore.ts';
import { MemoryEventSink } from '../../src/control/events/MemoryEventSink.ts';
import { ensureFixture } from '../../scripts/fixtures.ts';

const ROLE = 'arn:aws:iam::111122223333:role/MediaPackageReadS3';

/** Object reads that never answer until `release()`, which fails them (the process the store belonged to is gone). */
class StalledObjectStore implements ObjectStore {
  private readonly inner: ObjectStore;
  private readonly stalled: ((e: Error) => void)[] = [];
  reads = 0;

  constructor(inner: ObjectStore) {
    this.inner = inner;
  }
  private stall<T>(): Promise<T> {
    this.reads++;
    return new Promise((_, reject) => this.stalled.push(reject));
  }
  get(): Promise<Uint8Array> {
    return this.stall();
  }
  getRange(): Promise<Uint8Array> {
    return this.stall();
  }
  head(bucket: string, key: string) {
    return this.inner.head(bucket, key);
  }
  put(bucket: string, key: string, body: Uint8Array) {
    return this.inner.put(bucket, key, body);
  }
  putFile(bucket: string, key: string, path: string) {
    return this.inner.putFile(bucket, key, path);
  }
  list(bucket: string, prefix: string) {
    return this.inner.list(bucket, prefix);
  }
  delete(bucket: string, key: string) {
    return this.inner.delete(bucket, key);
  }
  deletePrefix(bucket: string, prefix: string) {
    return this.inner.deletePrefix(bucket, prefix);
  }
  listBuckets() {
    return this.inner.listBuckets();
  }
  release(): void {
    for (const reject of this.stalled.splice(0)) reject(new Error('the server that was reading this is gone'));
  }
}

let dataDir: string;
let config: KinoraConfig;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kinora-vod-restart-'));
  cpSync(dirname(await ensureFixture('ladder')), join(dataDir, 'buckets', 'media', 'ladder'), { recursive: true });
  config = { ...configFromEnv({}), dataDir, port: 0, ingestConcurrency: 1 };
});

after(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

test('restart in the middle of ingest: no asset stays PROCESSING or QUEUED', async () => {
  const store = new StalledObjectStore(new FolderObjectStore(join(dataDir, 'buckets')));
  const first = await startKinoraServer({ config, kinora: openKinora(config, { store }), accessLog: () => {} });
  const key = first.accessKey.key;
  let client = new MediaPackageVodClient({ endpoint: first.url, region: 'us-east-1', credentials: key, maxAttempts: 1 });
  await client.send(new CreatePackagingGroupCommand({ Id: 'g' }));
  await client.send(new CreatePackagingConfigurationCommand({ Id: 'g_dash', PackagingGroupId: 'g', DashPackage: { DashManifests: [{}] } }));
  for (const id of ['mid_ingest', 'still_queued']) {
    await client.send(new CreateAssetCommand({ Id: id, PackagingGroupId: 'g', SourceArn: 'arn:aws:s3:::media/ladder/ladder.m3u8', SourceRoleArn: ROLE }));
  }
  while (store.reads === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  const during = await client.send(new DescribeAssetCommand({ Id: 'mid_ingest' }));
  assert.equal(during.EgressEndpoints![0].Status, 'PROCESSING');
  assert.equal((await client.send(new DescribeAssetCommand({ Id: 'still_queued' }))).EgressEndpoints![0].Status, 'QUEUED', 'concurrency 1: the second waits');
  client.destroy();

  // "Crash": the server goes away mid-read; nothing gets to record an outcome.
  await first.close();
  store.release();
  const left = new SqliteCatalog(join(dataDir, 'catalog.sqlite'));
  assert.deepEqual(await left.countAssetsByStatus(), { QUEUED: 1, PROCESSING: 1, PLAYABLE: 0, FAILED: 0 });
  await left.close();

  const events = new MemoryEventSink();
  const second = await startKinoraServer({ config, events, accessLog: () => {} });
  try {
    assert.equal(second.accessKey.source, 'file', 'the generated key was kept in the data dir');
    assert.deepEqual(second.accessKey.key, key);
    assert.deepEqual(second.recovered, ['mid_ingest', 'still_queued']);
    await second.ingest.idle();
    assert.deepEqual(await second.kinora.catalog.countAssetsByStatus(), { QUEUED: 0, PROCESSING: 0, PLAYABLE: 2, FAILED: 0 });
    client = new MediaPackageVodClient({ endpoint: second.url, region: 'us-east-1', credentials: key, maxAttempts: 1 });
    const done = await client.send(new DescribeAssetCommand({ Id: 'mid_ingest' }));
    assert.equal(done.EgressEndpoints![0].Status, 'PLAYABLE');
    const mpd = await fetch(done.EgressEndpoints![0].Url!);
    assert.equal(mpd.status, 200);
    assert.deepEqual(events.events.filter((e) => e.detail.event === 'VodAssetPlayable').map((e) => e.resources[0].split('/').pop()).sort(), ['mid_ingest', 'still_queued']);
    client.destroy();
  } finally {
    await second.close();
  }
});
