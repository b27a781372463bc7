// ffmpeg decodes Kinora's Smooth Streaming output: ffmpeg has no Smooth client, so each quality
// level's fragments are appended to the CMAF header of the same track (track 1, same timescale,
// served by the CMAF configuration of the same asset) — what a Smooth client builds from the
// manifest's CodecPrivateData — and the result must decode with no error and the source's frame count.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startOrigin, type TestOrigin } from '../support/startOrigin.ts';
import { readSourceIndex } from '../../src/media/index/readSourceIndex.ts';
import type { SourceIndex } from '../../src/media/index/SourceIndex.ts';

const run = promisify(execFile);
let origin: TestOrigin;
let index: SourceIndex;
let work: string;
before(async () => {
  origin = await startOrigin({ fixtures: ['ladder'], listen: true });
  index = readSourceIndex((await origin.kinora.catalog.getAssetIndex('ladder'))!);
  work = mkdtempSync(join(tmpdir(), 'kinora-mss-'));
});
after(async () => {
  await origin?.close();
  rmSync(work, { recursive: true, force: true });
});

const bytes = async (url: string) => {
  const r = await fetch(url);
  assert.equal(r.status, 200, url);
  return new Uint8Array(await r.arrayBuffer());
};

it('every quality level of every stream decodes, with the source track\'s frame count', async () => {
  const manifestUrl = origin.urls.ladder['mss-2s'];
  const xml = await (await fetch(manifestUrl)).text();
  const cmafBase = origin.urls.ladder['kinora-default-cmaf'].replace(/index\.m3u8$/, '');
  const streams = [...xml.matchAll(/<StreamIndex Type="(video|audio)" Name="([^"]+)"[^>]*>([\s\S]*?)<\/StreamIndex>/g)];
  let checked = 0;
  for (const [, type, name, body] of streams) {
    const times = [...body.matchAll(/<c t="(\d+)"/g)].map((m) => m[1]);
    const bitrates = [...body.matchAll(/<QualityLevel Index="(\d+)" Bitrate="(\d+)"/g)].map((m) => m[2]);
    const tracks = index.tracks.filter((t) => t.track.kind === type);
    assert.equal(bitrates.length, tracks.length);
    for (const [level, bitrate] of bitrates.entries()) {
      const track = tracks[level];
      const parts = [await bytes(`${cmafBase}${track.track.id}/init.mp4`)];
      for (const t of times) parts.push(await bytes(manifestUrl.replace(/Manifest$/, `QualityLevels(${bitrate})/Fragments(${name}=${t})`)));
      const file = join(work, `${name}-${bitrate}.mp4`);
      writeFileSync(file, Buffer.concat(parts));
      const { stdout, stderr } = await run('ffprobe', ['-v', 'error', '-count_frames', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', file]);
      assert.equal(stderr.trim(), '', `${name} ${bitrate}`);
      assert.equal(Number(stdout.trim()), track.samples.count, `${name} ${bitrate}: decoded frames`);
      checked++;
    }
  }
  assert.equal(checked, index.tracks.length);
});
