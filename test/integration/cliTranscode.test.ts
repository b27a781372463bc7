/**
 * `kinora transcode <file> --follow` from a shell: the job runs, progress is
 * printed as it goes, the ladder lands in the bucket, `kinora jobs list`
 * shows it COMPLETE; a file that is not video fails with the job's error and exit 1.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const main = resolve(import.meta.dirname, '../../src/cli/main.ts');
let dir: string;
const kinora = (...args: string[]) => run(process.execPath, [main, ...args], { env: { ...process.env, KINORA_DATA_DIR: join(dir, 'data') }, timeout: 120_000 });

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kinora-cli-'));
  await run('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=3', '-f', 'lavfi', '-i', 'sine=duration=3', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-shortest', join(dir, 'clip.mp4')]);
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('transcode --follow prints progress and the published playlist; jobs list shows COMPLETE', async () => {
  const { stdout } = await kinora('transcode', join(dir, 'clip.mp4'), '--dest', 's3://media/out/', '--follow');
  assert.match(stdout, /^job \S+ SUBMITTED -> s3:\/\/media\/out\/$/m);
  assert.match(stdout, /^100% /m);
  assert.match(stdout, /^job \S+ COMPLETE$/m);
  assert.match(stdout, /s3:\/\/media\/out\/clip\.m3u8/);
  assert.ok(existsSync(join(dir, 'data', 'buckets', 'media', 'out', 'clip.m3u8')));
  const { stdout: jobs } = await kinora('jobs', 'list');
  assert.match(jobs, /COMPLETE\s+100%\s+.*clip\.mp4/);
});

test('a file that is not video: the job fails with its error, exit code 1', async () => {
  writeFileSync(join(dir, 'notes.mp4'), 'these are not video frames\n'.repeat(100));
  await assert.rejects(kinora('transcode', join(dir, 'notes.mp4'), '--follow'), (e: { code?: number; stderr?: string }) => {
    assert.equal(e.code, 1);
    assert.match(e.stderr ?? '', /ERROR: \S+: /);
    return true;
  });
});
