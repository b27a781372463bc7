/**
 * Ingest of damaged or hostile HLS sources. Each case copies the `ladder`
 * fixture (ladder.m3u8 -> ladder_180p.m3u8 -> ladder_180p_00000.ts ...) into
 * a temp folder, damages one thing, and ingests it: the asset must end FAILED
 * with a reason that starts with the stable code and names the object, its
 * egress URLs must answer 404 ASSET_NOT_READY (not 500), and the good asset
 * served by the same origin must be unaffected.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startOrigin, type TestOrigin } from '../support/startOrigin.ts';
import { copyLadder } from './support/copyLadder.ts';

const run = promisify(execFile);
const TS_PACKET = 188;

let origin: TestOrigin;
const folders: string[] = [];

/** A fresh copy of the ladder fixture to damage. */
async function ladderCopy(): Promise<string> {
  const folder = await copyLadder();
  folders.push(folder);
  return folder;
}

function rewrite(path: string, edit: (text: string) => string): void {
  const before = readFileSync(path, 'utf8');
  const after = edit(before);
  assert.notEqual(after, before, `the edit changed nothing in ${path}`);
  writeFileSync(path, after);
}

/** Ingests `source` as `id` and checks it FAILED with `code` naming `names` (regexps or substrings), and that its egress 404s ASSET_NOT_READY. */
async function expectFailed(id: string, source: string, code: string, names: (string | RegExp)[]): Promise<string> {
  const asset = await origin.addAsset(id, source);
  assert.equal(asset.status, 'FAILED', `${id}: expected FAILED, reason: ${asset.statusReason}`);
  const reason = asset.statusReason ?? '';
  assert.ok(reason.startsWith(`${code}: `), `${id}: reason should start with ${code}, got: ${reason}`);
  for (const name of names) {
    if (typeof name === 'string') assert.ok(reason.includes(name), `${id}: reason should name ${name}, got: ${reason}`);
    else assert.match(reason, name, `${id}`);
  }
  for (const url of Object.values(origin.urls[id])) {
    const r = await origin.app.inject({ method: 'GET', url });
    assert.equal(r.statusCode, 404, `${id}: ${url}`);
    const body = JSON.parse(r.body);
    assert.equal(body.code, 'ASSET_NOT_READY', `${id}: ${url}`);
    assert.match(body.message, new RegExp(`\\b${id}\\b`));
  }
  return reason;
}

before(async () => {
  origin = await startOrigin({ fixtures: ['ladder'] });
  assert.equal(origin.assets.ladder.status, 'PLAYABLE', origin.assets.ladder.statusReason);
});

after(async () => {
  await origin?.close();
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

describe('bad sources fail ingest with a code naming the object', () => {
  test('1. a media playlist pointing at a missing segment: SOURCE_NOT_FOUND naming it', async () => {
    const folder = await ladderCopy();
    unlinkSync(join(folder, 'ladder_180p_00003.ts'));
    await expectFailed('missing-segment', join(folder, 'ladder.m3u8'), 'SOURCE_NOT_FOUND', ['ladder_180p_00003.ts']);
  });

  test('2. a TS segment cut mid-packet: TRUNCATED naming the segment', async () => {
    const folder = await ladderCopy();
    truncateSync(join(folder, 'ladder_180p_00003.ts'), TS_PACKET * 50 + 100);
    await expectFailed('truncated', join(folder, 'ladder.m3u8'), 'TRUNCATED', ['ladder_180p_00003.ts', String(TS_PACKET * 50)]);
  });

  test('3. a lost sync byte: MALFORMED naming the file and the byte offset', async () => {
    const folder = await ladderCopy();
    const file = join(folder, 'ladder_180p_00003.ts');
    const bytes = readFileSync(file);
    assert.equal(bytes[TS_PACKET * 10], 0x47, 'fixture packet 10 starts with a sync byte');
    bytes[TS_PACKET * 10] = 0x00;
    writeFileSync(file, bytes);
    await expectFailed('corrupt', join(folder, 'ladder.m3u8'), 'MALFORMED', ['ladder_180p_00003.ts', String(TS_PACKET * 10)]);
  });

  test('4. MPEG-2 video + MP2 audio: UNSUPPORTED naming the stream type', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kinora-mpeg2-'));
    folders.push(folder);
    await run('ffmpeg', [
      '-hide_banner', '-loglevel', 'error',
      '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25:duration=2',
      '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=2',
      '-c:v', 'mpeg2video', '-c:a', 'mp2',
      '-f', 'hls', '-hls_time', '2', '-hls_playlist_type', 'vod', 'x.m3u8',
    ], { cwd: folder });
    // MPEG-2 video is stream_type 0x02 (ISO/IEC 13818-1 Table 2-34)
    await expectFailed('mpeg2', join(folder, 'x.m3u8'), 'UNSUPPORTED', [/stream_type 0x02\b/, /x\d+\.ts/]);
  });

  test('5a. a zero-length segment: SOURCE_EMPTY naming it', async () => {
    const folder = await ladderCopy();
    writeFileSync(join(folder, 'ladder_180p_00003.ts'), '');
    await expectFailed('empty-segment', join(folder, 'ladder.m3u8'), 'SOURCE_EMPTY', ['ladder_180p_00003.ts']);
  });

  test('5b. a zero-length media playlist: SOURCE_EMPTY naming it', async () => {
    const folder = await ladderCopy();
    writeFileSync(join(folder, 'ladder_180p.m3u8'), '');
    await expectFailed('empty-playlist', join(folder, 'ladder.m3u8'), 'SOURCE_EMPTY', ['ladder_180p.m3u8']);
  });

  test('5c. a zero-length multivariant playlist: SOURCE_EMPTY naming it', async () => {
    const folder = await ladderCopy();
    writeFileSync(join(folder, 'ladder.m3u8'), '');
    await expectFailed('empty-multivariant', join(folder, 'ladder.m3u8'), 'SOURCE_EMPTY', ['ladder.m3u8']);
  });

  test('6. a 100 MB playlist: SOURCE_TOO_LARGE, refused by size', async () => {
    const folder = await ladderCopy();
    const file = join(folder, 'ladder_180p.m3u8');
    writeFileSync(file, `#EXTM3U\n#${'x'.repeat(1000)}\n`);
    truncateSync(file, 100 * 1024 * 1024); // sparse: no 100 MB written
    await expectFailed('huge-playlist', join(folder, 'ladder.m3u8'), 'SOURCE_TOO_LARGE', ['ladder_180p.m3u8', String(100 * 1024 * 1024)]);
  });

  test('7a. path traversal ../../../../etc/passwd: SOURCE_FORBIDDEN', async () => {
    const folder = await ladderCopy();
    rewrite(join(folder, 'ladder_180p.m3u8'), (t) => t.replace('ladder_180p_00003.ts', '../../../../etc/passwd'));
    await expectFailed('traversal', join(folder, 'ladder.m3u8'), 'SOURCE_FORBIDDEN', ['../../../../etc/passwd', 'ladder_180p.m3u8']);
  });

  test('7b. escaped traversal %2e%2e/%2e%2e/etc/passwd: SOURCE_FORBIDDEN', async () => {
    const folder = await ladderCopy();
    rewrite(join(folder, 'ladder_180p.m3u8'), (t) => t.replace('ladder_180p_00003.ts', '%2e%2e/%2e%2e/etc/passwd'));
    await expectFailed('traversal-escaped', join(folder, 'ladder.m3u8'), 'SOURCE_FORBIDDEN', ['%2e%2e/%2e%2e/etc/passwd', 'ladder_180p.m3u8']);
  });

  test('7c. traversal in the multivariant playlist: SOURCE_FORBIDDEN', async () => {
    const folder = await ladderCopy();
    rewrite(join(folder, 'ladder.m3u8'), (t) => t.replace('\nladder_270p.m3u8', '\n../../../../etc/passwd'));
    await expectFailed('traversal-multivariant', join(folder, 'ladder.m3u8'), 'SOURCE_FORBIDDEN', ['../../../../etc/passwd', 'ladder.m3u8']);
  });

  test('8. a media playlist whose first line is not #EXTM3U: PLAYLIST_INVALID naming the line', async () => {
    const folder = await ladderCopy();
    rewrite(join(folder, 'ladder_180p.m3u8'), (t) => t.replace(/^#EXTM3U/, 'NOT-A-PLAYLIST'));
    await expectFailed('malformed-playlist', join(folder, 'ladder.m3u8'), 'PLAYLIST_INVALID', ['ladder_180p.m3u8', /line 1\b/, 'NOT-A-PLAYLIST']);
  });

  test('8b. a multivariant playlist whose first line is not #EXTM3U: PLAYLIST_INVALID naming it', async () => {
    const folder = await ladderCopy();
    rewrite(join(folder, 'ladder.m3u8'), (t) => t.replace(/^#EXTM3U/, 'NOT-A-PLAYLIST'));
    await expectFailed('malformed-multivariant', join(folder, 'ladder.m3u8'), 'PLAYLIST_INVALID', ['ladder.m3u8', /line 1\b/]);
  });

  test('9. an http:// segment URI: SOURCE_FORBIDDEN', async () => {
    const folder = await ladderCopy();
    rewrite(join(folder, 'ladder_180p.m3u8'), (t) => t.replace('ladder_180p_00003.ts', 'http://169.254.169.254/latest/meta-data.ts'));
    await expectFailed('http-segment', join(folder, 'ladder.m3u8'), 'SOURCE_FORBIDDEN', ['http://169.254.169.254/latest/meta-data.ts']);
  });
});

describe('a source changed after ingest is detected when serving, never served stale', () => {
  const segmentPath = (id: string) => origin.urls[id]['kinora-default-cmaf'].replace(/[^/]+$/, 'v1/1.m4s');
  const inject = (url: string) => origin.app.inject({ method: 'GET', url });

  test('a TS segment replaced after ingest (renamed over, as upload tools do): 502 MALFORMED, then served again once restored', async () => {
    const folder = await ladderCopy();
    const asset = await origin.addAsset('replaced', join(folder, 'ladder.m3u8'));
    assert.equal(asset.status, 'PLAYABLE', asset.statusReason);
    const before = await inject(segmentPath('replaced'));
    assert.equal(before.statusCode, 200);
    // The first 6 s segment of v1 is read from ladder_180p_00000.ts; the file handle stays open between requests.
    const original = join(folder, 'ladder_180p_00000.ts');
    renameSync(original, join(folder, 'original.bak'));
    copyFileSync(join(folder, 'ladder_180p_00001.ts'), original);
    const changed = await inject(segmentPath('replaced'));
    assert.equal(changed.statusCode, 502, 'the replaced file is not served as if it were the indexed one');
    const e = JSON.parse(changed.body);
    assert.equal(e.code, 'MALFORMED');
    assert.match(e.message, /source changed since ingest/);
    copyFileSync(join(folder, 'original.bak'), join(folder, 'restore.part'));
    renameSync(join(folder, 'restore.part'), original);
    const after = await inject(segmentPath('replaced'));
    assert.equal(after.statusCode, 200);
    assert.deepEqual(after.rawPayload, before.rawPayload);
  });

  test('an object replaced in the object store after ingest (s3://): 502 MALFORMED', async () => {
    const folder = await ladderCopy();
    const store = origin.kinora.store;
    for (const name of readdirSync(folder)) await store.put('replaced', `ladder/${name}`, readFileSync(join(folder, name)));
    const asset = await origin.addAsset('replaced-s3', 's3://replaced/ladder/ladder.m3u8');
    assert.equal(asset.status, 'PLAYABLE', asset.statusReason);
    assert.equal((await inject(segmentPath('replaced-s3'))).statusCode, 200);
    await store.put('replaced', 'ladder/ladder_180p_00000.ts', readFileSync(join(folder, 'ladder_180p_00002.ts')));
    const changed = await inject(segmentPath('replaced-s3'));
    assert.equal(changed.statusCode, 502);
    assert.equal(JSON.parse(changed.body).code, 'MALFORMED');
  });
});

describe('after the bad sources', () => {
  test('the good ladder asset still serves its manifest and a segment', async () => {
    for (const configId of ['kinora-default-cmaf', 'kinora-default-dash']) {
      const manifest = await origin.app.inject({ method: 'GET', url: origin.urls.ladder[configId] });
      assert.equal(manifest.statusCode, 200, configId);
      const segment = await origin.app.inject({ method: 'GET', url: origin.urls.ladder[configId].replace(/[^/]+$/, 'v1/1.m4s') });
      assert.equal(segment.statusCode, 200, configId);
      assert.equal(segment.headers['content-type'], 'video/mp4');
      assert.ok(segment.rawPayload.byteLength > 1000);
    }
    const stored = await origin.kinora.catalog.getAsset('ladder');
    assert.equal(stored?.status, 'PLAYABLE');
  });
});
