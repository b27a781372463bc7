/**
 * Background ingest: bounded concurrency, one asset's failure isolated from
 * the others, crash recovery, shutdown, and the MediaPackage events each
 * step emits; then ingest leases, with two queues (two "processes") on one
 * catalog, a manual clock and manual timers per queue (a queue whose timers
 * are not fired is a process that stopped: no renewal, no poll). Real ingest
 * of the `ladder` fixture through a reader whose first read of each asset
 * waits for the test to open its gate.
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
import { ManualTimers } from '../../support/ManualTimers.ts';

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
  for (const id of ['q1', 'q2', 'q3', 'q4', 'r1', 'r2', 'e1', 'e2', 'l1', 'l2', 'l3', 'l4', 'd1', 'k1', 'c1']) cpSync(ladder, join(dataDir, 'buckets', 'media', id), { recursive: true });
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

const LEASE_MS = 30_000;
const POLL_MS = 5_000;

/** The one clock both queues read. */
const clock = { ms: Date.parse('2030-01-01T00:00:00.000Z') };


/** Waits until `done` holds (checked every few ms, up to a minute: ingest reads real files), so a test waits on a condition, never on a duration. */
async function until(done: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 12_000; i++) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`gave up waiting for ${what}`);
}

interface Process {
  queue: IngestQueue;
  reader: GatedReader;
  timers: ManualTimers;
  events: MemoryEventSink;
  logs: string[];
}

/** Two queues ("processes" a and b) on one catalog; `missing` gives a process a reader on an empty bucket (its ingests fail). */
async function twoProcesses(options: { missing?: 'a' | 'b' } = {}) {
  const catalog = new SqliteCatalog(':memory:');
  await catalog.putGroup(group('g'));
  await catalog.putConfiguration(configuration('g_cmaf', 'g'));
  const make = (name: 'a' | 'b'): Process => {
    const buckets = options.missing === name ? join(dataDir, 'empty') : join(dataDir, 'buckets');
    const reader = new GatedReader(new SourceReader(new FolderObjectStore(buckets)));
    const timers = new ManualTimers(clock);
    const events = new MemoryEventSink();
    const logs: string[] = [];
    const queue = new IngestQueue({
      catalog,
      reader: reader as unknown as SourceReader,
      concurrency: 2,
      observer: mediaPackageIngestEvents({ catalog, sink: events, publicUrl: () => 'https://cdn.example' }),
      owner: `process-${name}`,
      leaseMs: LEASE_MS,
      pollIntervalMs: POLL_MS,
      now: () => clock.ms,
      timers,
      log: (message) => logs.push(message),
    });
    return { queue, reader, timers, events, logs };
  };
  const add = (id: string) => catalog.putAsset({ ...asset(id, 'g'), sourceArn: `s3://media/${id}/ladder.m3u8` });
  /** `event` (IngestStart, IngestComplete, IngestError) of each process, by asset id. */
  const seen = (p: Process, event: string) => p.events.events.filter((e) => e.detail.event === event).map((e) => e.resources[0].split('/').pop());
  return { catalog, a: make('a'), b: make('b'), add, seen };
}

/** Moves the shared clock on by `ms` and fires the timers now due of the processes still alive. */
function advance(ms: number, ...alive: Process[]): void {
  clock.ms += ms;
  for (const p of alive) p.timers.fire();
}

describe('IngestQueue: ingest leases across processes', () => {
  test('two queues on one catalog: each asset is ingested once, by the queue that claimed it', async () => {
    const { catalog, a, b, add, seen } = await twoProcesses();
    for (const id of ['l1', 'l2', 'l3', 'l4']) await add(id);
    a.queue.start();
    b.queue.start();
    a.queue.enqueue('l1');
    a.queue.enqueue('l2');
    await until(() => a.reader.started.length === 2, 'a to start l1 and l2');
    assert.deepEqual(await b.queue.recover(), ['l3', 'l4'], "recover takes only the assets nobody holds, never a's");
    await until(() => b.reader.started.length === 2, 'b to start l3 and l4');
    // Both poll while every asset is held: nothing more is claimed.
    for (let i = 0; i < 3; i++) advance(POLL_MS, a, b);
    await settle();
    assert.equal(a.queue.size + b.queue.size, 4);
    for (const id of ['l1', 'l2', 'l3', 'l4']) {
      a.reader.open(id);
      b.reader.open(id);
    }
    await until(async () => (await catalog.countAssetsByStatus()).PLAYABLE === 4, 'all four PLAYABLE');
    await a.queue.idle();
    await b.queue.idle();
    assert.deepEqual(a.reader.started, ['l1', 'l2']);
    assert.deepEqual(b.reader.started, ['l3', 'l4']);
    assert.deepEqual([...seen(a, 'IngestComplete'), ...seen(b, 'IngestComplete')].sort(), ['l1', 'l2', 'l3', 'l4'], 'one IngestComplete per asset');
    assert.deepEqual([...seen(a, 'IngestStart'), ...seen(b, 'IngestStart')].sort(), ['l1', 'l2', 'l3', 'l4']);
    // Finished assets are claimed by nobody, however long the polls go on.
    advance(10 * LEASE_MS, a, b);
    await settle();
    assert.equal(a.queue.size + b.queue.size, 0);
    await a.queue.close();
    await b.queue.close();
    await catalog.close();
  });

  test('leases are renewed while an ingest runs: the other queue never takes the asset', async () => {
    const { catalog, a, b, add, seen } = await twoProcesses();
    await add('k1');
    b.queue.start();
    a.queue.enqueue('k1');
    await until(() => a.reader.started.includes('k1'), 'a to start k1');
    // Ten leases' worth of time, a renewing every third of a lease and b polling.
    for (let t = 0; t < 10 * LEASE_MS; t += POLL_MS) {
      advance(POLL_MS, a, b);
      await settle();
    }
    assert.equal(b.queue.size, 0, 'b took nothing');
    a.reader.open('k1');
    b.reader.open('k1');
    await a.queue.idle();
    assert.equal((await catalog.getAsset('k1'))!.status, 'PLAYABLE');
    assert.deepEqual(b.reader.started, []);
    assert.deepEqual(seen(a, 'IngestComplete'), ['k1']);
    assert.deepEqual(a.logs, []);
    await a.queue.close();
    await b.queue.close();
    await catalog.close();
  });

  test('a queue that dies mid-ingest: the other takes the asset once the lease expires, and only its outcome is recorded', async () => {
    // a's reader finds no source: had it kept its lease, a would record FAILED.
    const { catalog, a, b, add, seen } = await twoProcesses({ missing: 'a' });
    await add('d1');
    b.queue.start();
    a.queue.enqueue('d1');
    await until(() => a.reader.started.includes('d1'), 'a to start d1');
    assert.equal((await catalog.getAsset('d1'))!.status, 'PROCESSING');
    // a stops (its timers never fire again: no renewal). Until its lease ends, b's polls leave d1 alone.
    advance(LEASE_MS - 1, b);
    await settle();
    assert.equal(b.queue.size, 0, 'the lease still runs');
    b.reader.open('d1');
    advance(POLL_MS, b);
    await until(async () => (await catalog.getAsset('d1'))!.status === 'PLAYABLE', 'b to take d1 over and finish it');
    await b.queue.idle();
    // a comes back to life: its ingest goes on, finds no source, and its FAILED is refused.
    a.reader.open('d1');
    await a.queue.idle();
    const d1 = (await catalog.getAsset('d1'))!;
    assert.equal(d1.status, 'PLAYABLE', "b's outcome stands");
    assert.equal(d1.statusReason, undefined);
    assert.deepEqual(seen(b, 'IngestComplete'), ['d1']);
    assert.deepEqual(seen(a, 'IngestComplete'), []);
    assert.deepEqual(seen(a, 'IngestError'), [], "a's outcome is dropped, not announced");
    assert.deepEqual(seen(a, 'IngestStart'), ['d1']);
    assert.deepEqual(seen(b, 'IngestStart'), ['d1'], 'taken over: started again from the beginning');
    assert.match(a.logs.join('\n'), /ingest of asset d1 lost its lease/);
    await a.queue.close();
    await b.queue.close();
    await catalog.close();
  });

  test('close() releases the leases it holds: another queue takes the assets at its next poll, without waiting for expiry', async () => {
    const { catalog, a, b, add, seen } = await twoProcesses();
    await add('c1');
    b.queue.start();
    a.queue.enqueue('c1');
    await until(() => a.reader.started.includes('c1'), 'a to start c1');
    await a.queue.close();
    b.reader.open('c1');
    advance(POLL_MS, b);
    await until(async () => (await catalog.getAsset('c1'))!.status === 'PLAYABLE', 'b to ingest c1');
    await b.queue.idle();
    // a's abandoned ingest can record nothing.
    a.reader.open('c1');
    await a.queue.idle();
    assert.deepEqual(seen(b, 'IngestComplete'), ['c1']);
    assert.deepEqual(seen(a, 'IngestComplete'), []);
    assert.deepEqual(a.logs, [], 'a closed queue stays quiet');
    await b.queue.close();
    await catalog.close();
  });
});
