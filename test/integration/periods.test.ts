/**
 * Sources with discontinuities and ad breaks (the `breaks` fixture: 8 s of
 * programme, a 4 s ad behind EXT-X-DISCONTINUITY + EXT-X-CUE-OUT, 8 s of
 * programme behind EXT-X-DISCONTINUITY + EXT-X-CUE-IN): the breaks are
 * indexed, segment boundaries fall on them, DASH gets one Period per
 * programme part, and every output still decodes end to end.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startOrigin, type TestOrigin } from '../support/startOrigin.ts';
import { readSourceIndex } from '../../src/media/index/readSourceIndex.ts';
import type { SourceIndex } from '../../src/media/index/SourceIndex.ts';
import { readMediaPlaylist } from '../../src/media/hls/readMediaPlaylist.ts';

const run = promisify(execFile);
let origin: TestOrigin;
let index: SourceIndex;
before(async () => {
  origin = await startOrigin({ fixtures: ['breaks'], listen: true });
  index = readSourceIndex((await origin.kinora.catalog.getAssetIndex('breaks'))!);
});
after(() => origin?.close());

test('ingest records each discontinuity and the ad break around it, on the output timeline', () => {
  assert.deepEqual(
    index.breaks!.map((b) => [b.kind, Math.round(b.startSeconds * 1000) / 1000, b.durationSeconds]),
    [
      ['discontinuity', 8.021, undefined],
      ['ad-start', 8.021, 4],
      ['discontinuity', 12.021, undefined],
      ['ad-end', 12.021, undefined],
    ],
  );
});

test('segment boundaries fall on the breaks whatever the target duration (6 s here)', async () => {
  const media = readMediaPlaylist(await (await fetch(origin.urls.breaks['kinora-default-cmaf'].replace(/index\.m3u8$/, 'v1/media.m3u8'))).text());
  let t = 0.021;
  const starts = media.segments.map((s) => {
    const at = Math.round(t * 1000) / 1000;
    t += s.durationSeconds;
    return at;
  });
  assert.ok(starts.includes(8.021) && starts.includes(12.021), `segment starts ${starts.join(', ')}`);
});

test('DASH: one Period per programme part, starting at the breaks, with presentationTimeOffset and global $Number$', async () => {
  const mpd = await (await fetch(origin.urls.breaks['kinora-default-dash'])).text();
  const periods = [...mpd.matchAll(/<Period id="(\d+)" start="([^"]+)">/g)].map((m) => [m[1], m[2]]);
  assert.deepEqual(periods, [['1', 'PT0S'], ['2', 'PT8.021S'], ['3', 'PT12.021S']]);
  const video = [...mpd.matchAll(/timescale="90000"[^>]*?(?:presentationTimeOffset="(\d+)" )?startNumber="(\d+)"/g)].map((m) => [m[1], m[2]]);
  assert.deepEqual(video, [[undefined, '1'], ['721920', '3'], ['1081920', '4']]);
});

test('with $Number$ and a fixed duration, DASH stays one Period (MediaPackage does not combine them)', async () => {
  const mpd = await (await fetch(origin.urls.breaks['dash-duration'])).text();
  assert.equal(mpd.match(/<Period /g)?.length, 1);
});

for (const config of ['kinora-default-cmaf', 'hls-ts', 'kinora-default-dash']) {
  test(`${config}: ffmpeg decodes the whole stitched asset (20 s of frames)`, async () => {
    const { stdout, stderr } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-count_frames', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', origin.urls.breaks[config]]);
    // ffmpeg's DASH demuxer reads only the first Period of a multi-period MPD.
    const expected = config === 'kinora-default-dash' ? 8 * 25 : 20 * 25;
    assert.equal(Number(stdout.trim().split(/\s+/)[0]), expected, stderr);
  });
}
