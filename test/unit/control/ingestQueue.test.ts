/**
 * Background ingest: bounded concurrency, one asset's failure isolated from
 * the others, crash recovery, shutdown, and the MediaPackage events each
 * step emits. Real ingest of the `ladder` fixture through a reader whose
 * first read of each asset waits for the test to open its gate.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SqliteCatalog } from '../../../src/catalog/SqliteCatalog.ts';
import { FolderObjectStore } from '../../../src/storage/FolderObjectStore.ts';
import { SourceReader } from '../../../src/storage/SourceReader.ts';
import { IngestQueue } from '../../../src/control/IngestQueue.ts';
import { MemoryEventSink } from '../../../src/control/events/MemoryEventSink.ts';
import { mediaPackageIngestEvents } from '../../../src/control/events/mediaPackageIngestEvents.ts';
import { ensureFixture } from '../../../scripts/fixtures.ts';
import { asset, configuration, group } from './catalogContract.ts';

/** A SourceReader whose reads of `s3://media/<asset>/...` wait until `open(<asset>)`. */
class GatedReader {
  private readonly inner: SourceReader;
  private readonly gates = new Map<string, { promise: Promise<void>; open: () => void }>();
  readonly started: string[] = [];

  constructor(inner: SourceReader) {
    this.inner = inner;
  }
  open(id: string): void {
    this.gate(id).open();
  }
  async read(uri: string, options?: { maxBytes?: number }) {
    await this.wait(uri);
    return this.inner.read(uri, options);
  }
  async readRange(uri: string, start: number, end: number) {
    await this.wait(uri);
    return this.inner.readRange(uri, start, end);
  }
  private async wait(uri: string) {
    const id = /^s3:\/\/media\/([^/]+)\//.exec(uri)?.[1] ?? '';
    if (!this.started.includes(id)) this.started.push(id);
    await this.gate(id).promise;
  }
  private gate(id: string) {
    let g = this.gates.get(id);
    if (!g) {
      let open!: () => void;
      const promise = new Promise<void>((resolve) => (open = resolve));
      g = { promise, open };
      this.gates.set(id, g);
    }
    return g;
  }
}

let dataDir: string;
before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kinora-queue-'));
  const ladder = dirname(await ensureFixture('ladder'));
  for (const id of ['q1', 'q2', 'q3', 'q4', 'r1', 'r2', 'e1', 'e2']) cpSync(ladder, join(dataDir, 'buckets', 'media', id), { recursive: true });
});
after(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

async function setup(concurrency: number) {
  const catalog = new SqliteCatalog(':memory:');
  await catalog.putGroup(group('g'));
  await catalog.putConfiguration(configuration('g_cmaf', 'g'));
  await catalog.putConfiguration({ ...configuration('g_dash', 'g'), cmafPackage: undefined, dashPackage: { dashManifests: [{}, { manifestName: 'second' }] } } as any);
  const reader = new GatedReader(new SourceReader(new FolderObjectStore(join(dataDir, 'buckets'))));
  const events = new MemoryEventSink();
  const queue = new IngestQueue({
    catalog,
    reader: reader as unknown as SourceReader,
    concurrency,
    observer: mediaPackageIngestEvents({ catalog, sink: events, publicUrl: () => 'https://cdn.example' }),
  });
  const add = async (id: string, source = `s3://media/${id}/ladder.m3u8`) => {
    await catalog.putAsset({ ...asset(id, 'g'), sourceArn: source });
  };
  return { catalog, reader, events, queue, add };
}

/** Lets queued promise callbacks run (the queue starts work asynchronously). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('IngestQueue', () => {
  test('runs at most `concurrency` ingests; the rest wait their turn', async () => {
    const { catalog, reader, queue, add } = await setup(2);
    for (const id of ['q1', 'q2', 'q3', 'q4']) {
      await add(id);
      queue.enqueue(id);
    }
    await settle();
    assert.deepEqual(reader.started, ['q1', 'q2']);
    assert.equal(queue.size, 4);
    assert.equal((await catalog.getAsset('q3'))!.status, 'QUEUED');
    reader.open('q2');
    while (reader.started.length < 3) await settle();
    assert.deepEqual(reader.started, ['q1', 'q2', 'q3'], 'q3 starts only when q2 is done');
    for (const id of ['q1', 'q3', 'q4']) reader.open(id);
    await queue.idle();
    assert.deepEqual(reader.started, ['q1', 'q2', 'q3', 'q4']);
    for (const id of ['q1', 'q2', 'q3', 'q4']) assert.equal((await catalog.getAsset(id))!.status, 'PLAYABLE');
    await catalog.close();
  });

  test("one asset's failure is its own: FAILED with a reason, the others PLAYABLE", async () => {
    const { catalog, reader, queue, add } = await setup(2);
    await add('e1');
    await add('e2', 's3://media/e2/missing.m3u8');
    await add('e3', 's3://media/e3/../../etc/passwd.m3u8');
    for (const id of ['e1', 'e2', 'e3']) {
      reader.open(id);
      queue.enqueue(id);
    }
    await queue.idle();
    assert.equal((await catalog.getAsset('e1'))!.status, 'PLAYABLE');
    const e2 = (await catalog.getAsset('e2'))!;
    assert.equal(e2.status, 'FAILED');
    assert.match(e2.statusReason!, /^SOURCE_NOT_FOUND: s3:\/\/media\/e2\/missing\.m3u8 does not exist/);
    const e3 = (await catalog.getAsset('e3'))!;
    assert.equal(e3.status, 'FAILED');
    assert.match(e3.statusReason!, /^SOURCE_/);
    await catalog.close();
  });

  test('recover() re-ingests what a crash left QUEUED or PROCESSING; close() stops new work', async () => {
    const { catalog, reader, queue, add } = await setup(1);
    await add('r1');
    await add('r2');
    await catalog.setAssetStatus('r1', 'PROCESSING');
    assert.deepEqual(await queue.recover(), ['r1', 'r2']);
    reader.open('r1');
    reader.open('r2');
    await queue.idle();
    assert.deepEqual(await catalog.countAssetsByStatus(), { QUEUED: 0, PROCESSING: 0, PLAYABLE: 2, FAILED: 0 });

    queue.close();
    await add('late');
    queue.enqueue('late');
    await queue.idle();
    assert.equal((await catalog.getAsset('late'))!.status, 'QUEUED', 'a closed queue starts nothing');
    await catalog.close();
  });

  test('an asset deleted before its turn is skipped', async () => {
    const { catalog, reader, queue, add } = await setup(1);
    await add('q1');
    await add('gone');
    queue.enqueue('q1');
    queue.enqueue('gone');
    await catalog.deleteAsset('gone');
    reader.open('q1');
    await queue.idle();
    assert.deepEqual(reader.started, ['q1']);
    await catalog.close();
  });
});

describe('MediaPackage ingest events', () => {
  test('IngestStart, IngestComplete, then one VodAssetPlayable per configuration with its manifest URLs', async () => {
    const { catalog, reader, queue, events, add } = await setup(1);
    await add('q1');
    reader.open('q1');
    queue.enqueue('q1');
    await queue.idle();
    const a = (await catalog.getAsset('q1'))!;
    const g = (await catalog.getGroup('g'))!;
    assert.deepEqual(events.events.map((e) => e.detail.event), ['IngestStart', 'IngestComplete', 'VodAssetPlayable', 'VodAssetPlayable']);
    for (const e of events.events) {
      assert.equal(e.version, '0');
      assert.equal(e.source, 'aws.mediapackage');
      assert.equal(e['detail-type'], 'MediaPackage Input Notification');
      assert.match(e.id, /^[0-9a-f-]{36}$/);
      assert.match(e.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.equal(e.region, 'us-east-1');
      assert.equal(e.account, '000000000000');
      assert.equal(e.resources[0], a.arn);
      assert.equal(typeof e.detail.message, 'string');
    }
    const [cmaf, dash] = events.events.slice(2);
    assert.deepEqual(cmaf.resources, [a.arn, (await catalog.getConfiguration('g_cmaf'))!.arn]);
    assert.equal(cmaf.detail.packaging_configuration_id, 'g_cmaf');
    assert.equal(cmaf.detail.message, "Asset 'q1' is now playable for PackagingConfiguration 'g_cmaf'");
    const dashHash = (await catalog.getConfiguration('g_dash'))!.hash;
    assert.deepEqual(dash.detail.manifest_urls, [
      `https://cdn.example/out/v1/${g.hash}/${dashHash}/${a.hash}/index.mpd`,
      `https://cdn.example/out/v1/${g.hash}/${dashHash}/${a.hash}/second.mpd`,
    ]);
    await catalog.close();
  });

  test('IngestError carries the reason; a sink that throws changes nothing', async () => {
    const catalog = new SqliteCatalog(':memory:');
    await catalog.putGroup(group('g'));
    await catalog.putAsset({ ...asset('bad', 'g'), sourceArn: 's3://media/nothing/here.m3u8' });
    const seen: string[] = [];
    const queue = new IngestQueue({
      catalog,
      reader: new SourceReader(new FolderObjectStore(join(dataDir, 'buckets'))),
      concurrency: 1,
      observer: mediaPackageIngestEvents({
        catalog,
        publicUrl: () => '',
        sink: {
          emit(e) {
            seen.push(`${e.detail.event}: ${e.detail.message}`);
            throw new Error('event bus down');
          },
        },
      }),
    });
    const quiet = console.error;
    console.error = () => {};
    try {
      queue.enqueue('bad');
      await queue.idle();
    } finally {
      console.error = quiet;
    }
    assert.equal((await catalog.getAsset('bad'))!.status, 'FAILED');
    assert.equal(seen.length, 2);
    assert.equal(seen[0], "IngestStart: Ingest started for asset 'bad'");
    assert.match(seen[1], /^IngestError: Ingest failed for asset 'bad': SOURCE_NOT_FOUND: s3:\/\/media\/nothing\/here\.m3u8 does not exist/);
    await catalog.close();
  });
});
