/**
 * `kinora serve` as a user runs it: the flags (--data, --host, --port,
 * --public-url) override the environment, the listening URL and a generated
 * access key are printed, the server answers, and SIGTERM stops it cleanly.
 * A flag out of range is refused before anything starts, naming the flag.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '../..');
const cli = join(repo, 'src/cli/main.ts');
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('kinora serve --data --host --port 0 --public-url: prints where it listens and the key, serves, stops on SIGTERM', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kinora-cli-serve-'));
  dirs.push(dataDir);
  // The environment says otherwise; the flags win.
  const env = { ...process.env, KINORA_PORT: '1', KINORA_DATA_DIR: '/nonexistent', KINORA_ACCESS_KEY_ID: '', KINORA_SECRET_ACCESS_KEY: '' };
  const child = spawn(process.execPath, [cli, 'serve', '--data', dataDir, '--host', '127.0.0.1', '--port', '0', '--public-url', 'https://cdn.example.com'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    for (let i = 0; i < 300 && !/AWS_SECRET_ACCESS_KEY=/.test(out); i++) await new Promise((r) => setTimeout(r, 100));
    const url = /Kinora listening on (http:\/\/127\.0\.0\.1:\d+) \(data in ([^)]+)\)/.exec(out);
    assert.ok(url, `stdout:\n${out}\nstderr:\n${err}`);
    assert.equal(url[2], dataDir);
    assert.match(out, /egress {9}https:\/\/cdn\.example\.com\/out\/v1\/\.\.\./);
    assert.match(out, /AWS_ACCESS_KEY_ID=\S+\n\s+AWS_SECRET_ACCESS_KEY=\S+/);
    assert.ok(existsSync(join(dataDir, 'credentials')), 'the generated key is kept in the data dir');
    assert.equal((await fetch(`${url[1]}/healthz`)).status, 200);
    assert.equal((await fetch(`${url[1]}/packaging_groups`)).status, 403, 'the control plane wants a signature');
    child.kill('SIGTERM');
    assert.equal(await exited, 0, err);
  } finally {
    child.kill('SIGKILL');
  }
});

test('a flag out of range is refused before anything starts, naming the flag', () => {
  for (const [flag, value, message] of [
    ['--port', 'abc', /--port \/ KINORA_PORT="abc" must be an integer/],
    ['--port', '70000', /--port \/ KINORA_PORT="70000" must be a TCP port/],
  ] as const) {
    const r = spawnSync(process.execPath, [cli, 'serve', flag, value, '--data', join(tmpdir(), 'kinora-never-made')], { encoding: 'utf8' });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, message);
    assert.equal(existsSync(join(tmpdir(), 'kinora-never-made')), false);
  }
});
