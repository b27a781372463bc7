/**
 * The JobStore contract, run against every adapter (MemoryJobStore,
 * SqliteJobStore, PostgresJobStore on a throwaway cluster started for this
 * file, one database per test).
 * Each adapter reads a fake clock, so lease expiry is tested without sleeping.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobStore } from '../../src/transcode/JobStore.ts';
import { MemoryJobStore } from '../../src/transcode/MemoryJobStore.ts';
import { SqliteJobStore } from '../../src/transcode/SqliteJobStore.ts';
import { PostgresJobStore } from '../../src/transcode/PostgresJobStore.ts';
import { postgresJobStoreMigrations } from '../../src/transcode/postgresJobStoreMigrations.ts';
import { openPostgresPool } from '../../src/db/postgres/openPostgresPool.ts';
import { startPostgres, type TestPostgres } from '../support/startPostgres.ts';
import { defaultTemplate } from '../../src/transcode/defaultTemplate.ts';
import type { TranscodeJob } from '../../src/transcode/TranscodeJob.ts';
import type { OutputGroupDetail } from '../../src/transcode/JobStateChangeEvent.ts';

const dirs: string[] = [];
let postgres: TestPostgres;
before(async () => {
  postgres = await startPostgres();
});
after(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await postgres?.close();
});

interface Adapter {
  name: string;
  /** A fresh, empty store reading `clock`. */
  open(clock: () => number): JobStore | Promise<JobStore>;
}

const adapters: Adapter[] = [
  { name: 'MemoryJobStore', open: (clock) => new MemoryJobStore({ now: clock }) },
  {
    name: 'SqliteJobStore',
    open: (clock) => {
      const dir = mkdtempSync(join(tmpdir(), 'kinora-jobstore-'));
      dirs.push(dir);
      return new SqliteJobStore(join(dir, 'transcode.sqlite'), { now: clock });
    },
  },
  { name: 'PostgresJobStore', open: async (clock) => PostgresJobStore.open(await postgres.createDatabase(), { now: clock }) },
];

let sequence = 0;
function job(overrides: Partial<TranscodeJob> = {}): TranscodeJob {
  sequence++;
  const id = `${1_700_000_000_000 + sequence}-abc${String(sequence).padStart(3, '0')}`;
  return {
    id,
    arn: `arn:aws:mediaconvert:us-east-1:000000000000:jobs/${id}`,
    queue: 'arn:aws:mediaconvert:us-east-1:000000000000:queues/Default',
    status: 'SUBMITTED',
    input: `s3://media/inputs/${id}.mp4`,
    template: defaultTemplate,
    destination: 's3://media/assets/x/HLS/',
    userMetadata: { n: String(sequence) },
    createdAt: new Date(1_700_000_000_000 + sequence * 1000).toISOString(),
    attempts: 0,
    ...overrides,
  };
}

const output: OutputGroupDetail[] = [{
  type: 'HLS_GROUP',
  playlistFilePaths: ['s3://media/assets/x/HLS/x.m3u8'],
  outputDetails: [{ outputFilePaths: ['s3://media/assets/x/HLS/x_720p.m3u8'], durationInMs: 6000, videoDetails: { widthInPx: 1280, heightInPx: 720 } }],
}];

for (const adapter of adapters) {
  describe(`JobStore contract: ${adapter.name}`, () => {
    let now = 1_000_000;
    const clock = () => now;
    const fresh = async () => {
      now = 1_000_000;
      return adapter.open(clock);
    };

    test('insert then get returns the same job; a second insert of the id is ALREADY_EXISTS', async () => {
      const store = await fresh();
      const j = job();
      await store.insert(j);
      assert.deepEqual(await store.get(j.id), j);
      assert.equal(await store.get('1-nope00'), undefined);
      await assert.rejects(store.insert(j), { code: 'ALREADY_EXISTS' });
      await store.close();
    });

    test('list is newest first, filters by status and honours limit', async () => {
      const store = await fresh();
      const a = job();
      const b = job();
      const c = job();
      for (const j of [b, a, c]) await store.insert(j);
      assert.deepEqual((await store.list()).map((j) => j.id), [c.id, b.id, a.id]);
      assert.deepEqual((await store.list({ limit: 2 })).map((j) => j.id), [c.id, b.id]);
      await store.claim('w1', 1000);
      assert.deepEqual((await store.list({ status: 'PROGRESSING' })).map((j) => j.id), [a.id]);
      assert.deepEqual((await store.list({ status: 'SUBMITTED' })).map((j) => j.id), [c.id, b.id]);
      await store.close();
    });

    test('claim takes the oldest SUBMITTED job under a lease and counts the attempt', async () => {
      const store = await fresh();
      const older = job();
      const newer = job();
      await store.insert(newer);
      await store.insert(older);
      const claimed = await store.claim('w1', 5000);
      assert.equal(claimed?.id, older.id);
      assert.equal(claimed?.status, 'PROGRESSING');
      assert.equal(claimed?.attempts, 1);
      assert.deepEqual(claimed?.lease, { workerId: 'w1', expiresAt: now + 5000 });
      assert.equal(claimed?.startedAt, new Date(now).toISOString());
      assert.deepEqual(await store.get(older.id), claimed);
      assert.equal((await store.claim('w2', 5000))?.id, newer.id);
      assert.equal(await store.claim('w3', 5000), undefined, 'nothing left to claim');
      await store.close();
    });

    test('a live lease is not claimable; an expired one is, by any worker, as a new attempt', async () => {
      const store = await fresh();
      const j = job();
      await store.insert(j);
      const first = await store.claim('w1', 1000);
      now += 999;
      assert.equal(await store.claim('w2', 1000), undefined);
      now += 1;
      const second = await store.claim('w2', 1000);
      assert.equal(second?.id, j.id);
      assert.equal(second?.attempts, 2);
      assert.equal(second?.lease?.workerId, 'w2');
      assert.equal(second?.startedAt, first?.startedAt, 'startedAt is the first start');
      // The first worker lost the job: none of its calls act any more.
      assert.equal(await store.heartbeat(j.id, 'w1', 1000), false);
      assert.equal(await store.complete(j.id, 'w1', output), undefined);
      assert.equal(await store.fail(j.id, 'w1', { code: 'TRANSCODE_FAILED', mediaConvertCode: 1999, message: 'x' }), undefined);
      assert.equal(await store.release(j.id, 'w1'), false);
      assert.equal((await store.get(j.id))?.lease?.workerId, 'w2');
      await store.close();
    });

    test('heartbeat extends the lease and records progress, for the owner only', async () => {
      const store = await fresh();
      const j = job();
      await store.insert(j);
      await store.claim('w1', 1000);
      now += 900;
      const progress = { currentPhase: 'TRANSCODING' as const, jobPercentComplete: 40, phasePercentComplete: 41.2, framesDecoded: 90 };
      assert.equal(await store.heartbeat(j.id, 'w1', 1000, progress), true);
      assert.equal(await store.heartbeat(j.id, 'w2', 1000), false);
      now += 900;
      assert.equal(await store.claim('w2', 1000), undefined, 'the renewed lease is still live');
      const stored = await store.get(j.id);
      assert.deepEqual(stored?.progress, progress);
      assert.equal(stored?.lease?.expiresAt, now - 900 + 1000);
      await store.close();
    });

    test('complete and fail end the job once, for the lease holder', async () => {
      const store = await fresh();
      const a = job();
      const b = job();
      await store.insert(a);
      await store.insert(b);
      await store.claim('w1', 1000);
      await store.claim('w1', 1000);
      now += 10;
      const done = await store.complete(a.id, 'w1', output);
      assert.equal(done?.status, 'COMPLETE');
      assert.deepEqual(done?.outputGroupDetails, output);
      assert.equal(done?.finishedAt, new Date(now).toISOString());
      assert.equal(done?.lease, undefined);
      assert.equal(done?.progress?.jobPercentComplete, 100);
      assert.deepEqual(await store.get(a.id), done);
      assert.equal(await store.complete(a.id, 'w1', output), undefined, 'a second completion does nothing');
      const error = { code: 'INPUT_NO_VIDEO' as const, mediaConvertCode: 1020, message: 'no video' };
      const failed = await store.fail(b.id, 'w1', error);
      assert.equal(failed?.status, 'ERROR');
      assert.deepEqual(failed?.error, error);
      assert.equal(failed?.lease, undefined);
      assert.equal(await store.fail(b.id, 'w1', error), undefined);
      now += 1_000_000;
      assert.equal(await store.claim('w2', 1000), undefined, 'ended jobs are never claimed');
      await store.close();
    });

    test('release makes a PROGRESSING job claimable at once', async () => {
      const store = await fresh();
      const j = job();
      await store.insert(j);
      await store.claim('w1', 60_000);
      assert.equal(await store.release(j.id, 'w2'), false);
      assert.equal(await store.release(j.id, 'w1'), true);
      const again = await store.claim('w2', 60_000);
      assert.equal(again?.id, j.id);
      assert.equal(again?.status, 'PROGRESSING');
      assert.equal(again?.attempts, 2);
      await store.close();
    });

    test('cancel ends SUBMITTED and PROGRESSING jobs, the running worker loses them, ended jobs stay', async () => {
      const store = await fresh();
      const queued = job();
      const running = job();
      await store.insert(running);
      await store.insert(queued);
      await store.claim('w1', 1000);
      const c1 = await store.cancel(running.id);
      assert.equal(c1?.canceled, true);
      assert.equal(c1?.job.status, 'CANCELED');
      assert.equal(c1?.job.lease, undefined);
      assert.equal(await store.heartbeat(running.id, 'w1', 1000), false);
      assert.equal(await store.complete(running.id, 'w1', output), undefined);
      assert.equal((await store.get(running.id))?.status, 'CANCELED');
      const c2 = await store.cancel(queued.id);
      assert.equal(c2?.canceled, true);
      assert.equal(await store.claim('w2', 1000), undefined, 'a canceled job is never claimed');
      const c3 = await store.cancel(queued.id);
      assert.equal(c3?.canceled, false);
      assert.equal(c3?.job.status, 'CANCELED');
      assert.equal(await store.cancel('1-nope00'), undefined);
      await store.close();
    });

    test('concurrent claims never hand one job to two workers', async () => {
      const store = await fresh();
      for (let i = 0; i < 3; i++) await store.insert(job());
      const claims = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((w) => store.claim(w, 1000)));
      const ids = claims.filter((c) => c !== undefined).map((c) => c!.id);
      assert.equal(ids.length, 3);
      assert.equal(new Set(ids).size, 3);
      await store.close();
    });

    test('insertForSource records a file once per size and mtime, atomically with its job', async () => {
      const store = await fresh();
      const first = job();
      const source = { bucket: 'media', key: 'inputs/a.mp4', size: 100, lastModifiedMs: 5000 };
      assert.equal(await store.insertForSource(first, { ...source, jobId: first.id }), true);
      assert.deepEqual(await store.getSource('media', 'inputs/a.mp4'), { ...source, jobId: first.id });
      const duplicate = job();
      assert.equal(await store.insertForSource(duplicate, { ...source, jobId: duplicate.id }), false);
      assert.equal(await store.get(duplicate.id), undefined, 'no job for an already processed file');
      const replaced = job();
      assert.equal(await store.insertForSource(replaced, { ...source, size: 200, jobId: replaced.id }), true);
      assert.equal((await store.getSource('media', 'inputs/a.mp4'))?.jobId, replaced.id);
      assert.equal(await store.getSource('media', 'inputs/b.mp4'), undefined);
      assert.equal((await store.list()).length, 2);
      await store.close();
    });
  });
}

describe('SqliteJobStore specifics', () => {
  test('jobs survive a reopen; migrations are recorded once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kinora-jobstore-'));
    dirs.push(dir);
    const path = join(dir, 'transcode.sqlite');
    const a = new SqliteJobStore(path);
    const j = job();
    await a.insert(j);
    await a.claim('w1', 60_000);
    assert.deepEqual(a.schemaVersions(), [1]);
    await a.close();
    const b = new SqliteJobStore(path);
    assert.deepEqual(b.schemaVersions(), [1]);
    const reopened = await b.get(j.id);
    assert.equal(reopened?.status, 'PROGRESSING');
    assert.equal(reopened?.lease?.workerId, 'w1');
    await b.close();
  });

  test('two stores on one file (two processes) never claim the same job', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kinora-jobstore-'));
    dirs.push(dir);
    const path = join(dir, 'transcode.sqlite');
    const a = new SqliteJobStore(path);
    const b = new SqliteJobStore(path);
    for (let i = 0; i < 4; i++) await a.insert(job());
    const claims = await Promise.all([a.claim('a1', 60_000), b.claim('b1', 60_000), a.claim('a2', 60_000), b.claim('b2', 60_000), a.claim('a3', 60_000)]);
    const ids = claims.filter((c) => c !== undefined).map((c) => c!.id);
    assert.equal(ids.length, 4);
    assert.equal(new Set(ids).size, 4);
    await a.close();
    await b.close();
  });
});

describe('PostgresJobStore specifics', () => {
  test('jobs survive a reopen; migrations are recorded once', async () => {
    const url = await postgres.createDatabase();
    const a = await PostgresJobStore.open(url);
    const j = job();
    await a.insert(j);
    await a.claim('w1', 60_000);
    await a.close();
    const b = await PostgresJobStore.open(url);
    assert.deepEqual(await b.schemaVersions(), postgresJobStoreMigrations.map((m) => m.version));
    const reopened = await b.get(j.id);
    assert.equal(reopened?.status, 'PROGRESSING');
    assert.equal(reopened?.lease?.workerId, 'w1');
    await b.close();
  });

  test('two pools (two processes) claiming at once never get the same job, and every job is taken', async () => {
    const url = await postgres.createDatabase();
    const a = await PostgresJobStore.open(url);
    const b = await PostgresJobStore.open(url);
    for (let i = 0; i < 10; i++) await a.insert(job());
    // Reads first, so that both pools have connections open and the claims really overlap.
    await Promise.all([a, b].flatMap((s) => [1, 2, 3, 4, 5, 6].map(() => s.list({ limit: 1 }))));
    const workers = [1, 2, 3, 4, 5, 6, 7, 8];
    const claims = await Promise.all([...workers.map((w) => a.claim(`a${w}`, 60_000)), ...workers.map((w) => b.claim(`b${w}`, 60_000))]);
    const ids = claims.filter((c) => c !== undefined).map((c) => c!.id);
    assert.equal(ids.length, 10);
    assert.equal(new Set(ids).size, 10);
    for (const c of claims.filter((c) => c !== undefined)) {
      assert.equal((await a.get(c!.id))?.lease?.workerId, c!.lease?.workerId, 'the stored lease is the claimer\'s');
    }
    await a.close();
    await b.close();
  });

  test('a job another claimer has locked is passed over, not waited for', { timeout: 30_000 }, async () => {
    const url = await postgres.createDatabase();
    const store = await PostgresJobStore.open(url);
    const first = job();
    const second = job();
    await store.insert(first);
    await store.insert(second);
    const other = openPostgresPool(url);
    const client = await other.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT 1 FROM transcode_jobs WHERE id = $1 FOR UPDATE', [first.id]);
      // Without SKIP LOCKED this claim would block until the transaction ends (and time the test out).
      assert.equal((await store.claim('w1', 60_000))?.id, second.id);
      await client.query('ROLLBACK');
    } finally {
      client.release();
      await other.end();
    }
    assert.equal((await store.claim('w2', 60_000))?.id, first.id, 'once unlocked it is claimable');
    await store.close();
  });
});
