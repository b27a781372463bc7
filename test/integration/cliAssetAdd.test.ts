/**
 * `kinora asset add <multivariant.m3u8> --data DIR` from a shell: the source is
 * registered in the default packaging group and ingested in the command's own
 * process; it exits 0 and prints the asset PLAYABLE with one egress URL per
 * default configuration, which `kinora asset list` shows again and an origin
 * on the same data dir serves. A broken source (a playlist naming a missing
 * segment, a file that is not a playlist) exits 1, printing the asset FAILED
 * with the error code and the object concerned.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Fastify from 'fastify';
import { ensureFixture } from '../../scripts/fixtures.ts';
import { copyLadder } from './support/copyLadder.ts';
import { openKinora } from '../../src/config/openKinora.ts';
import { configFromEnv } from '../../src/config/KinoraConfig.ts';
import { buildOriginApp } from '../../src/origin/buildOriginApp.ts';

const run = promisify(execFile);
const main = resolve(import.meta.dirname, '../../src/cli/main.ts');
const PUBLIC_URL = 'http://cdn.example';
let dir: string;
let data: string;

/** The child's environment without the runner's Kinora settings (a DATABASE_URL would take the catalog elsewhere). */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('KINORA_') && k !== 'DATABASE_URL'));
const kinora = (...args: string[]) => run(process.execPath, [main, ...args, '--data', data], { env, timeout: 120_000 });

/** Runs a command that must fail; returns its exit code and everything it printed. */
async function failing(...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await kinora(...args);
    assert.fail(`expected a non-zero exit; printed:\n${stdout}`);
  } catch (e) {
    const error = e as { code?: number; stdout?: string; stderr?: string };
    if (typeof error.code !== 'number') throw e;
    return { code: error.code, output: `${error.stdout ?? ''}${error.stderr ?? ''}` };
  }
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kinora-cli-add-'));
  data = join(dir, 'data');
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('kinora asset add', () => {
  test('a good playlist: exit 0, PLAYABLE with its egress URLs, listed, served', async () => {
    const { stdout } = await kinora('asset', 'add', await ensureFixture('muxed'), '--id', 'sample', '--public-url', PUBLIC_URL);
    assert.match(stdout, /^asset sample: PLAYABLE$/m);
    const printed = Object.fromEntries([...stdout.matchAll(/^ {2}(\S+)\s+(\S+)$/gm)].map((m) => [m[1], m[2]]));
    assert.deepEqual(Object.keys(printed).sort(), ['kinora-default-cmaf', 'kinora-default-dash']);
    assert.match(printed['kinora-default-cmaf'], /^http:\/\/cdn\.example\/out\/v1\/[0-9a-f]{32}\/[0-9a-f]{32}\/[0-9a-f]{32}\/index\.m3u8$/);
    assert.match(printed['kinora-default-dash'], /^http:\/\/cdn\.example\/out\/v1\/[0-9a-f]{32}\/[0-9a-f]{32}\/[0-9a-f]{32}\/index\.mpd$/);

    const { stdout: listed } = await kinora('asset', 'list', '--public-url', PUBLIC_URL);
    assert.match(listed, /^asset sample: PLAYABLE$/m);
    for (const url of Object.values(printed)) assert.ok(listed.includes(url), `asset list shows ${url}`);

    // The catalog on the data dir says PLAYABLE, and an origin on it serves the printed manifests.
    const opened = openKinora({ ...configFromEnv({}), dataDir: data, segmentCacheBytes: 0 });
    const app = buildOriginApp({ catalog: opened.catalog, packager: opened.packager, keys: opened.keys, accessLog: () => {} }, Fastify({ logger: false }));
    try {
      const asset = await opened.catalog.getAsset('sample');
      assert.equal(asset?.status, 'PLAYABLE');
      assert.match(asset?.sourceArn ?? '', /^file:\/\/.*\/muxed\.m3u8$/);
      await app.ready();
      const cmaf = await app.inject({ method: 'GET', url: new URL(printed['kinora-default-cmaf']).pathname });
      assert.equal(cmaf.statusCode, 200);
      assert.equal(cmaf.body.match(/^#EXT-X-STREAM-INF:/gm)?.length, 2);
      const dash = await app.inject({ method: 'GET', url: new URL(printed['kinora-default-dash']).pathname });
      assert.equal(dash.statusCode, 200);
      assert.match(dash.body, /<MPD /);
    } finally {
      await app.close();
      await opened.close();
    }
  });

  test('a playlist naming a missing segment: exit 1, FAILED, SOURCE_NOT_FOUND naming the segment', async () => {
    const folder = await copyLadder(join(dir, 'broken'));
    rmSync(join(folder, 'ladder_270p_00003.ts'));
    const { code, output } = await failing('asset', 'add', join(folder, 'ladder.m3u8'), '--id', 'broken');
    assert.equal(code, 1);
    assert.match(output, /^asset broken: FAILED \(SOURCE_NOT_FOUND: .*\/broken\/ladder_270p_00003\.ts does not exist\)$/m);
    assert.doesNotMatch(output, /kinora-default-cmaf/, 'no egress URLs for a failed asset');
  });

  test('a file that is not a playlist: exit 1, FAILED, PLAYLIST_INVALID naming the file and what was found', async () => {
    const file = join(dir, 'notes.m3u8');
    writeFileSync(file, 'these are my notes\n');
    const { code, output } = await failing('asset', 'add', file, '--id', 'notes');
    assert.equal(code, 1);
    assert.match(output, /^asset notes: FAILED \(PLAYLIST_INVALID: file:\/\/.*\/notes\.m3u8: line 1: expected #EXTM3U, found 'these are my notes'\)$/m);
  });

  test('the failures are listed as FAILED beside the playable asset', async () => {
    const { stdout } = await kinora('asset', 'list');
    assert.match(stdout, /^asset sample: PLAYABLE$/m);
    assert.match(stdout, /^asset broken: FAILED \(SOURCE_NOT_FOUND: /m);
    assert.match(stdout, /^asset notes: FAILED \(PLAYLIST_INVALID: /m);
  });
});
