/**
 * Clipping (Kinora's addition): `?start=&end=` on any manifest redirects to
 * `clip/<startMs>-<endMs>/<manifest>`, whose every child is clipped too;
 * boundaries snap outward to segment boundaries (keyframes) and the clip's
 * timestamps start at zero. Checked on the bytes, with ffmpeg, and for errors.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startOrigin, type TestOrigin } from '../support/startOrigin.ts';
import { readMediaPlaylist } from '../../src/media/hls/readMediaPlaylist.ts';
import { readInitSegment } from '../../src/media/isobmff/readInitSegment.ts';
import { readMediaSegment } from '../../src/media/isobmff/readMediaSegment.ts';

const run = promisify(execFile);
let origin: TestOrigin;
before(async () => {
  origin = await startOrigin({ fixtures: ['ladder'], listen: true });
});
after(() => origin?.close());

async function clipUrl(config: string, query: string): Promise<string> {
  const r = await fetch(`${origin.urls.ladder[config]}?${query}`, { redirect: 'manual' });
  assert.equal(r.status, 302, await r.text());
  return new URL(r.headers.get('location')!, origin.urls.ladder[config]).href;
}

describe('clips of every output', () => {
  test('HLS CMAF: redirect to the clip path; 6 s segments snap 10-20 s out to 6-24 s; first segment at time 0', async () => {
    const url = await clipUrl('kinora-default-cmaf', 'start=10&end=20');
    assert.match(url, /\/clip\/10000-20000\/index\.m3u8$/);
    const media = readMediaPlaylist(await (await fetch(url.replace(/index\.m3u8$/, 'v1/media.m3u8'))).text());
    assert.deepEqual(media.segments.map((s) => Math.round(s.durationSeconds)), [6, 6, 6]);
    const base = url.replace(/index\.m3u8$/, 'v1/');
    const init = readInitSegment(new Uint8Array(await (await fetch(`${base}init.mp4`)).arrayBuffer()));
    const [first] = readMediaSegment(new Uint8Array(await (await fetch(`${base}1.m4s`)).arrayBuffer()), init);
    // The earliest track (here audio) starts at exactly 0; video keeps its few-ms offset from it.
    assert.ok(first.baseMediaDecodeTime < 0.05 * 90000, `tfdt ${first.baseMediaDecodeTime}`);
    // The clip's first segment is the source's second one, byte for byte apart from the times.
    const [source] = readMediaSegment(new Uint8Array(await (await fetch(origin.urls.ladder['kinora-default-cmaf'].replace(/index\.m3u8$/, 'v1/2.m4s'))).arrayBuffer()), init);
    assert.deepEqual(first.samples.map((s) => s.size), source.samples.map((s) => s.size));
  });

  for (const config of ['kinora-default-cmaf', 'kinora-default-dash', 'hls-ts']) {
    test(`${config}: ffmpeg decodes the clip: 18 s of frames, starting near 0`, async () => {
      const url = await clipUrl(config, 'start=10&end=20');
      const { stdout, stderr } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-count_frames', '-show_entries', 'stream=nb_read_frames,start_time', '-of', 'json', url]);
      assert.equal(stderr.trim(), '');
      const stream = JSON.parse(stdout).streams[0];
      assert.equal(Number(stream.nb_read_frames), 18 * 25);
      // TS output keeps MPEG-TS's usual 1.4 s offset; fMP4 starts at 0.
      assert.ok(Number(stream.start_time) < (config === 'hls-ts' ? 1.5 : 0.1), `start_time ${stream.start_time}`);
    });
  }

  test('DASH: the clip MPD declares the clip duration', async () => {
    const mpd = await (await fetch(await clipUrl('kinora-default-dash', 'start=0&end=7'))).text();
    assert.match(mpd, /mediaPresentationDuration="PT12(\.\d+)?S"/);
  });

  test('only start, or only end, default to the asset edges; the manifest filter survives the redirect', async () => {
    assert.match(await clipUrl('kinora-default-cmaf', 'start=24'), /\/clip\/24000-30\d{3}\/index\.m3u8$/);
    const url = await clipUrl('kinora-default-cmaf', 'end=5&aws.manifestfilter=video_height:1-200');
    assert.match(url, /\/clip\/0-5000\/index\.m3u8\?aws\.manifestfilter=video_height%3A1-200$/);
    const body = await (await fetch(url)).text();
    assert.equal(body.match(/#EXT-X-STREAM-INF/g)?.length, 1);
  });
});

describe('clip errors', () => {
  const cases: [string, string, string][] = [
    ['a non-number', 'start=abc', 'CLIP_INVALID'],
    ['end before start', 'start=20&end=10', 'CLIP_INVALID'],
    ['a negative start', 'start=-1', 'CLIP_INVALID'],
    ['a start past the end of the asset', 'start=31', 'CLIP_OUT_OF_RANGE'],
  ];
  for (const [what, query, code] of cases) {
    test(`400 for ${what}`, async () => {
      const r = await fetch(`${origin.urls.ladder['kinora-default-dash']}?${query}`, { redirect: 'manual' });
      assert.equal(r.status, 400);
      assert.equal(((await r.json()) as { code: string }).code, code);
    });
  }
  test('400 for start/end on a segment', async () => {
    const r = await fetch(`${origin.urls.ladder['kinora-default-cmaf'].replace(/index\.m3u8$/, 'v1/1.m4s')}?start=1`);
    assert.equal(r.status, 400);
    assert.equal(((await r.json()) as { code: string }).code, "QUERY_NOT_ALLOWED");
  });
});
