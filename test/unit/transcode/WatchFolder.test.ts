import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WatchFolder } from '../../../src/transcode/WatchFolder.ts';
import { createTranscoder } from '../../../src/transcode/createTranscoder.ts';
import { MemoryJobStore } from '../../../src/transcode/MemoryJobStore.ts';
import { FolderObjectStore } from '../../../src/storage/FolderObjectStore.ts';
import type { JobStateChangeEvent } from '../../../src/transcode/JobStateChangeEvent.ts';

const root = mkdtempSync(join(tmpdir(), 'kinora-watch-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A watch folder on a fresh bucket, driven by hand: `poll()` and a fake clock. */
function setup(name: string) {
  const objectStore = new FolderObjectStore(join(root, name, 'buckets'));
  const inputs = join(root, name, 'buckets', 'media', 'inputs');
  mkdirSync(inputs, { recursive: true });
  const store = new MemoryJobStore();
  const events: JobStateChangeEvent[] = [];
  // Never started: jobs stay SUBMITTED, which is all a watch folder does.
  const transcoder = createTranscoder({ store, objectStore, tempDir: join(root, name, 'tmp'), emit: (e) => void events.push(e) });
  let now = 1_000_000;
  const errors: unknown[] = [];
  const watch = (extra = {}) => new WatchFolder({ transcoder, store, objectStore, bucket: 'media', prefix: 'inputs/', stableMs: 5000, now: () => now, onError: (e: unknown) => void errors.push(e), ...extra });
  return { inputs, store, events, errors, watch, advance: (ms: number) => (now += ms) };
}

test('a growing file is not picked up; once unchanged for stableMs it is, once', async () => {
  const { inputs, store, events, errors, watch, advance } = setup('growing');
  const w = watch();
  const file = join(inputs, 'VANLIFE.mp4');
  writeFileSync(file, Buffer.alloc(1000, 1));
  assert.deepEqual(await w.poll(), []);
  for (let i = 0; i < 4; i++) {
    // Time passes beyond stableMs between polls, but the file keeps growing.
    advance(6000);
    appendFileSync(file, Buffer.alloc(1000, 2));
    assert.deepEqual(await w.poll(), [], `still growing after append ${i + 1}`);
  }
  advance(4999);
  assert.deepEqual(await w.poll(), [], 'unchanged, but not yet for stableMs');
  advance(1);
  const started = await w.poll();
  assert.equal(started.length, 1);
  assert.equal(started[0].input, 's3://media/inputs/VANLIFE.mp4');
  assert.equal(started[0].destination, 's3://media/assets/VANLIFE/HLS/');
  assert.deepEqual(await store.getSource('media', 'inputs/VANLIFE.mp4'), {
    bucket: 'media', key: 'inputs/VANLIFE.mp4', size: 5000, lastModifiedMs: (await store.getSource('media', 'inputs/VANLIFE.mp4'))!.lastModifiedMs, jobId: started[0].id,
  });
  assert.deepEqual(events.map((e) => [e.detail.status, e.detail.jobId]), [['SUBMITTED', started[0].id]]);
  advance(60_000);
  assert.deepEqual(await w.poll(), [], 'processed files are not picked up again');
  assert.deepEqual(errors, []);
});

test('processed files are remembered in the job store: a restarted watcher does not redo them', async () => {
  const { inputs, store, errors, watch, advance } = setup('restart');
  writeFileSync(join(inputs, 'a.mov'), Buffer.alloc(10, 1));
  const first = watch();
  await first.poll();
  advance(5000);
  assert.equal((await first.poll()).length, 1);
  const second = watch();
  await second.poll();
  advance(60_000);
  assert.deepEqual(await second.poll(), []);
  assert.equal((await store.list()).length, 1);
  assert.deepEqual(errors, []);
});

test('a file replaced by new content is a new file', async () => {
  const { inputs, store, errors, watch, advance } = setup('replaced');
  const file = join(inputs, 'a.mp4');
  writeFileSync(file, Buffer.alloc(10, 1));
  const w = watch();
  await w.poll();
  advance(5000);
  assert.equal((await w.poll()).length, 1);
  writeFileSync(file, Buffer.alloc(20, 1));
  utimesSync(file, new Date(), new Date(Date.now() + 60_000));
  assert.deepEqual(await w.poll(), [], 'the new version must settle too');
  advance(5000);
  const again = await w.poll();
  assert.equal(again.length, 1);
  assert.equal((await store.list()).length, 2);
  assert.deepEqual(errors, []);
});

test('hidden, staging and partial files are ignored', async () => {
  const { inputs, watch, advance } = setup('ignored');
  for (const name of ['.hidden.mp4', 'clip.mp4.part-4242', 'clip.mp4.part', 'download.tmp', 'x.crdownload']) writeFileSync(join(inputs, name), 'x');
  const w = watch();
  await w.poll();
  advance(60_000);
  assert.deepEqual(await w.poll(), []);
});

test('a destination inside the watched prefix is refused (every output would start a job)', () => {
  const { watch } = setup('loop');
  assert.throws(() => watch({ destination: (key: string) => `s3://media/inputs/out/${key}/` }), { code: 'INVALID_REQUEST', message: /inside the watched prefix/ });
  assert.throws(() => watch({ prefix: '' }), { code: 'INVALID_REQUEST' });
  assert.throws(() => watch({ prefix: 'inputs' }), { code: 'INVALID_REQUEST', message: /must be empty or end with "\/"/ });
});
