import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TranscodeQueue, type AttemptContext, type QueueHooks } from '../../../src/transcode/TranscodeQueue.ts';
import { AttemptAborted } from '../../../src/transcode/AttemptAborted.ts';
import { MemoryJobStore } from '../../../src/transcode/MemoryJobStore.ts';
import { TranscodeError } from '../../../src/transcode/TranscodeError.ts';
import { defaultTemplate } from '../../../src/transcode/defaultTemplate.ts';
import type { TranscodeJob } from '../../../src/transcode/TranscodeJob.ts';
import type { OutputGroupDetail } from '../../../src/transcode/JobStateChangeEvent.ts';

let n = 0;
function job(): TranscodeJob {
  n++;
  const id = `${1_700_000_000_000 + n}-q${String(n).padStart(5, '0')}`;
  return {
    id, arn: `arn:aws:mediaconvert:us-east-1:0:jobs/${id}`, queue: 'arn:aws:mediaconvert:us-east-1:0:queues/Default', status: 'SUBMITTED',
    input: 's3://b/in.mp4', template: defaultTemplate, destination: 's3://b/out/', userMetadata: {}, createdAt: new Date(1_700_000_000_000 + n).toISOString(), attempts: 0,
  };
}

const output: OutputGroupDetail[] = [{ type: 'HLS_GROUP', playlistFilePaths: ['s3://b/out/in.m3u8'], outputDetails: [] }];

/** Waits until `condition` holds (polling), failing after a generous limit; never asserts how long it took. */
async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`timed out waiting for ${what}`);
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function queueOf(store: MemoryJobStore, execute: (job: TranscodeJob, ctx: AttemptContext) => Promise<OutputGroupDetail[]>, options: { concurrency?: number; leaseMs?: number; maxAttempts?: number; hooks?: QueueHooks; workerId?: string } = {}) {
  return new TranscodeQueue({
    store, workerId: options.workerId ?? 'w1', concurrency: options.concurrency ?? 1, leaseMs: options.leaseMs ?? 60_000, heartbeatMs: 20,
    pollIntervalMs: 20, maxAttempts: options.maxAttempts ?? 3, execute, hooks: options.hooks,
  });
}

test('runs at most `concurrency` jobs at once and completes them all', async () => {
  const store = new MemoryJobStore();
  for (let i = 0; i < 5; i++) await store.insert(job());
  const gates: ReturnType<typeof deferred>[] = [];
  let active = 0;
  let most = 0;
  const completed: string[] = [];
  const q = queueOf(store, async () => {
    active++;
    most = Math.max(most, active);
    const gate = deferred();
    gates.push(gate);
    await gate.promise;
    active--;
    return output;
  }, { concurrency: 2, hooks: { onCompleted: (j) => void completed.push(j.id) } });
  q.start();
  for (let released = 0; released < 5; released++) {
    await until(() => gates.length > released, `attempt ${released + 1} to start`);
    assert.ok(active <= 2);
    gates[released].resolve();
  }
  await until(() => completed.length === 5, 'all jobs to complete');
  assert.equal(most, 2);
  assert.equal((await store.list({ status: 'COMPLETE' })).length, 5);
  await q.stop();
});

test('a failure becomes the job\'s error: TranscodeErrors keep their code, others are TRANSCODE_FAILED', async () => {
  const store = new MemoryJobStore();
  const a = job();
  const b = job();
  await store.insert(a);
  await store.insert(b);
  const failed: TranscodeJob[] = [];
  const q = queueOf(store, async (j) => {
    if (j.id === a.id) throw new TranscodeError('INPUT_NO_VIDEO', 'no video here');
    throw new Error('boom');
  }, { hooks: { onFailed: (j) => void failed.push(j) } });
  q.start();
  await until(() => failed.length === 2, 'both jobs to fail');
  await q.stop();
  assert.deepEqual((await store.get(a.id))?.error, { code: 'INPUT_NO_VIDEO', mediaConvertCode: 1020, message: 'no video here' });
  assert.deepEqual((await store.get(b.id))?.error, { code: 'TRANSCODE_FAILED', mediaConvertCode: 1999, message: 'unexpected error: boom' });
});

test('a job canceled in the store is aborted at the next heartbeat and never completed', async () => {
  const store = new MemoryJobStore();
  const j = job();
  await store.insert(j);
  let reason: unknown;
  const started = deferred();
  const completed: string[] = [];
  const q = queueOf(store, async (_, ctx) => {
    started.resolve();
    await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => {
      reason = ctx.signal.reason;
      reject(ctx.signal.reason);
    }));
    return output;
  }, { hooks: { onCompleted: (x) => void completed.push(x.id) } });
  q.start();
  await started.promise;
  // Another process cancels: only the store knows.
  await store.cancel(j.id);
  await until(() => q.runningJobIds().length === 0, 'the attempt to stop');
  await q.stop();
  assert.equal((await store.get(j.id))?.status, 'CANCELED');
  assert.deepEqual(completed, []);
  assert.ok(reason instanceof AttemptAborted && reason.kind === 'lease-lost');
});

test('abort(jobId) stops a local attempt with the given reason', async () => {
  const store = new MemoryJobStore();
  const j = job();
  await store.insert(j);
  const started = deferred();
  let reason: unknown;
  const q = queueOf(store, async (_, ctx) => {
    started.resolve();
    await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => {
      reason = ctx.signal.reason;
      reject(ctx.signal.reason);
    }));
    return output;
  });
  q.start();
  await started.promise;
  assert.equal(q.abort(j.id, 'canceled'), true);
  assert.equal(q.abort('1-nothere', 'canceled'), false);
  await until(() => q.runningJobIds().length === 0, 'the attempt to stop');
  assert.ok(reason instanceof AttemptAborted && reason.kind === 'canceled');
  await q.stop();
});

test('stop() hands running jobs back; another worker resumes them from scratch', async () => {
  const store = new MemoryJobStore();
  const j = job();
  await store.insert(j);
  const started = deferred();
  const first = queueOf(store, async (_, ctx) => {
    started.resolve();
    await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
    return output;
  });
  first.start();
  await started.promise;
  await first.stop();
  const handedBack = await store.get(j.id);
  assert.equal(handedBack?.status, 'PROGRESSING');
  assert.ok((handedBack?.lease?.expiresAt ?? Infinity) <= Date.now());

  const attempts: number[] = [];
  const second = queueOf(store, async (_, ctx) => {
    attempts.push(ctx.attempt);
    return output;
  }, { workerId: 'w2' });
  second.start();
  await until(async () => (await store.get(j.id))?.status === 'COMPLETE', 'the job to complete');
  await second.stop();
  assert.deepEqual(attempts, [2]);
});

test('a job whose workers keep dying ends in ERROR INTERRUPTED instead of looping', async () => {
  const store = new MemoryJobStore();
  const j = job();
  await store.insert(j);
  // Three workers claimed it and died (their leases expired).
  for (let i = 0; i < 3; i++) {
    await store.claim(`dead-${i}`, 0);
  }
  let executed = false;
  const failed: TranscodeJob[] = [];
  const q = queueOf(store, async () => {
    executed = true;
    return output;
  }, { maxAttempts: 3, hooks: { onFailed: (x) => void failed.push(x) } });
  q.start();
  await until(() => failed.length === 1, 'the job to fail');
  await q.stop();
  assert.equal(executed, false);
  assert.equal(failed[0].status, 'ERROR');
  assert.equal(failed[0].error?.code, 'INTERRUPTED');
  assert.match(failed[0].error!.message, /started 3 times/);
});

test('progress is reported to hooks, kept for progressOf and saved by heartbeats', async () => {
  const store = new MemoryJobStore();
  const j = job();
  await store.insert(j);
  const gate = deferred();
  const seen: number[] = [];
  const q = queueOf(store, async (_, ctx) => {
    ctx.reportProgress({ currentPhase: 'TRANSCODING', jobPercentComplete: 30, phasePercentComplete: 29.4 });
    await gate.promise;
    return output;
  }, { hooks: { onProgress: (_, p) => void seen.push(p.jobPercentComplete) } });
  q.start();
  await until(async () => (await store.get(j.id))?.progress?.jobPercentComplete === 30, 'a heartbeat to save the progress');
  assert.equal(q.progressOf(j.id)?.jobPercentComplete, 30);
  assert.deepEqual(seen, [30]);
  gate.resolve();
  await until(async () => (await store.get(j.id))?.status === 'COMPLETE', 'completion');
  await q.stop();
});
