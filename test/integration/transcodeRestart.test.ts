/**
 * Crash recovery with real processes: a worker process is SIGKILLed in the
 * middle of a job (its ffmpeg dies with it), and a fresh transcoder on the
 * same SQLite job store claims the job once the dead worker's lease expires,
 * runs it again from scratch and publishes the output exactly once.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { startOrigin, type TestOrigin } from '../support/startOrigin.ts';
import { createTranscoder } from '../../src/transcode/createTranscoder.ts';
import { SqliteJobStore } from '../../src/transcode/SqliteJobStore.ts';
import type { FolderObjectStore } from '../../src/storage/FolderObjectStore.ts';
import type { JobStateChangeEvent } from '../../src/transcode/JobStateChangeEvent.ts';
import { clip720, EventLog, RecordingObjectStore } from '../unit/transcode/support/transcodeMedia.ts';

const src = (path: string) => pathToFileURL(resolve(import.meta.dirname, '../../src', path)).href;

/** The worker that will die: a transcoder on the shared job store, printing its events as JSON lines. */
const workerScript = `
import { createTranscoder } from ${JSON.stringify(src('transcode/createTranscoder.ts'))};
import { SqliteJobStore } from ${JSON.stringify(src('transcode/SqliteJobStore.ts'))};
import { FolderObjectStore } from ${JSON.stringify(src('storage/FolderObjectStore.ts'))};
const transcoder = createTranscoder({
  store: new SqliteJobStore(process.env.JOBS),
  objectStore: new FolderObjectStore(process.env.BUCKETS),
  tempDir: process.env.WORK,
  leaseMs: 1500, heartbeatMs: 200, pollIntervalMs: 100, statusUpdateIntervalMs: 0,
  emit: (event) => console.log(JSON.stringify(event)),
});
transcoder.start();
`;

let origin: TestOrigin;
let folder: FolderObjectStore;
let dir: string;

before(async () => {
  origin = await startOrigin();
  folder = origin.kinora.store as FolderObjectStore;
  await folder.put('media', 'inputs/restart.mp4', clip720());
  dir = mkdtempSync(join(tmpdir(), 'kinora-restart-'));
});

after(async () => {
  await origin.close();
  rmSync(dir, { recursive: true, force: true });
});

function ffmpegsUnder(path: string): string[] {
  return execFileSync('ps', ['-eo', 'stat=,args=']).toString().split('\n').filter((l) => l.includes(path) && l.includes('ffmpeg') && !/^\s*Z/.test(l));
}

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

test('a job whose worker is killed mid-transcode is resumed after restart and published once', async () => {
  const jobs = join(dir, 'transcode.sqlite');
  const work = join(dir, 'work');
  const store = new SqliteJobStore(jobs);
  const log = new EventLog();
  const recording = new RecordingObjectStore(folder);
  const survivor = createTranscoder({ store, objectStore: recording, tempDir: work, leaseMs: 1500, heartbeatMs: 200, pollIntervalMs: 100, statusUpdateIntervalMs: 0, emit: log.emit });
  // Submitted here, before any worker runs: it waits in the shared store.
  const job = await survivor.submit('s3://media/inputs/restart.mp4', undefined, 's3://media/assets/restart/HLS/');

  const worker = spawn(process.execPath, ['--input-type=module', '-e', workerScript], {
    env: { ...process.env, JOBS: jobs, BUCKETS: folder.root, WORK: work },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const workerEvents: JobStateChangeEvent[] = [];
  const exited = new Promise((r) => worker.once('exit', r));
  await new Promise<void>((resolveKill, reject) => {
    const lines = createInterface({ input: worker.stdout });
    lines.on('line', (line) => {
      const event = JSON.parse(line) as JobStateChangeEvent;
      workerEvents.push(event);
      const p = event.detail.jobProgress;
      if (p?.currentPhase === 'TRANSCODING' && p.jobPercentComplete >= 20 && worker.exitCode === null) {
        worker.kill('SIGKILL');
        resolveKill();
      }
    });
    worker.once('exit', () => reject(new Error(`the worker exited before it was killed (events: ${workerEvents.map((e) => e.detail.status).join(', ')})`)));
  });
  await exited;

  // The worker's ffmpeg died with it (setpriv --pdeathsig); nothing was published.
  await until(() => ffmpegsUnder(work).length === 0, 'the dead worker\'s ffmpeg to exit');
  assert.deepEqual(await folder.list('media', 'assets/restart/'), []);
  const orphaned = await store.get(job.id);
  assert.equal(orphaned?.status, 'PROGRESSING');
  assert.equal(orphaned?.attempts, 1);
  assert.ok(existsSync(join(work, job.id, 'attempt-1')), 'the dead attempt left its work folder');
  assert.deepEqual(workerEvents.map((e) => e.detail.status).slice(0, 1), ['PROGRESSING']);
  assert.ok(!workerEvents.some((e) => e.detail.status === 'COMPLETE'));

  // As if the dead attempt had got as far as staging: the next attempt must discard it.
  await folder.put('media', `.kinora-staging/${job.id}/1/restart_720p_00001.ts`, new Uint8Array(188));

  // The restart: this process starts its transcoder on the same store.
  survivor.start();
  const end = await log.end(job.id);
  await survivor.stop();

  assert.equal(end.detail.status, 'COMPLETE', end.detail.errorMessage);
  const mine = log.of(job.id).map((e) => e.detail.status);
  assert.equal(mine[0], 'SUBMITTED');
  assert.equal(mine.filter((s) => s === 'COMPLETE').length, 1);
  assert.ok(!mine.includes('PROGRESSING'), 'the job was already PROGRESSING: no second PROGRESSING event');
  const updates = log.of(job.id).filter((e) => e.detail.status === 'STATUS_UPDATE');
  assert.ok(updates.length > 0 && updates.every((e) => e.detail.jobProgress!.retryCount === 1));

  const done = await store.get(job.id);
  assert.equal(done?.attempts, 2);
  assert.equal(done?.status, 'COMPLETE');
  assert.equal(existsSync(join(work, job.id)), false, 'both attempts\' work folders are gone');

  // Published once: every final object written exactly once, the multivariant playlist last.
  const finalPuts = recording.puts.map((p) => p.key).filter((k) => k.startsWith('assets/restart/HLS/'));
  assert.equal(finalPuts.length, new Set(finalPuts).size);
  assert.equal(finalPuts.filter((k) => k === 'assets/restart/HLS/restart.m3u8').length, 1);
  assert.equal(finalPuts.at(-1), 'assets/restart/HLS/restart.m3u8');
  assert.ok(recording.puts.filter((p) => p.key.startsWith('.kinora-staging/')).every((p) => p.key.startsWith(`.kinora-staging/${job.id}/2/`)), 'staged by the second attempt');
  assert.deepEqual(await folder.list('media', `.kinora-staging/${job.id}/`), [], 'neither attempt left staged objects');
  assert.deepEqual(recording.deletes.map((d) => d.prefix), [`.kinora-staging/${job.id}/`, `.kinora-staging/${job.id}/2/`], 'the earlier attempts\' objects, then its own');

  const asset = await origin.addAsset('restart', 's3://media/assets/restart/HLS/restart.m3u8');
  assert.equal(asset.status, 'PLAYABLE', asset.statusReason);
  await store.close();
});
