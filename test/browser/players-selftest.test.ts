// Self-test of the browser playback harness against media that Kinora did not package
// (plain ffmpeg HLS/DASH output), so a failing conformance test can be blamed on the
// origin and not on the harness. Also proves the harness can fail (404 case).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeBrowser, playInBrowser } from '../support/browser/playInBrowser.ts';
import { explainPlay } from '../support/browser/explainPlay.ts';
import type { PlayResult } from '../support/browser/playInBrowser.ts';
import { serveFolder } from '../support/browser/serveFolder.ts';
import { generateMedia, syntheticInput } from '../support/generateMedia.ts';

const SECONDS = 20;

/** Two H.264 renditions (320x180, 640x360) + AAC, 2 s GOPs so every segment starts with a keyframe. */
function ladderArgs(): string[] {
  return [
    ...syntheticInput(SECONDS, '640x360', 25),
    '-filter_complex', '[0:v]split=2[a][b];[a]scale=320:180[v0];[b]null[v1]',
    '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p',
    '-g', '50', '-keyint_min', '50', '-sc_threshold', '0',
    '-b:v:0', '300k', '-b:v:1', '800k',
    '-c:a', 'aac', '-b:a', '64k', '-ac', '2',
  ];
}

function hlsFmp4Ladder(): string {
  return generateMedia([
    ...ladderArgs(),
    '-map', '[v0]', '-map', '[v1]', '-map', '1:a', '-map', '1:a',
    '-f', 'hls', '-hls_time', '2', '-hls_segment_type', 'fmp4', '-hls_playlist_type', 'vod',
    '-master_pl_name', 'master.m3u8', '-var_stream_map', 'v:0,a:0 v:1,a:1',
    '-hls_segment_filename', 'v%v/seg_%03d.m4s', '-hls_fmp4_init_filename', 'init.mp4',
    'v%v/index.m3u8',
  ]);
}

function dashLadder(): string {
  return generateMedia([
    ...ladderArgs(),
    '-map', '[v0]', '-map', '[v1]', '-map', '1:a',
    '-f', 'dash', '-seg_duration', '2', '-use_template', '1', '-use_timeline', '1',
    '-adaptation_sets', 'id=0,streams=v id=1,streams=a',
    'manifest.mpd',
  ]);
}

function assertPlayed(r: PlayResult, switched: boolean): void {
  assert.deepEqual(r.errors, [], explainPlay(r, 60));
  assert.ok(r.currentTime > 10, `currentTime ${r.currentTime}\n${explainPlay(r, 60)}`);
  assert.ok(r.framesGrew, explainPlay(r, 60));
  assert.ok(r.totalVideoFrames > 0, explainPlay(r, 60));
  assert.equal(r.renditions.length, 2, explainPlay(r, 60));
  assert.deepEqual(r.renditions.map((x) => x.height).sort((a, b) => (a ?? 0) - (b ?? 0)), [180, 360], explainPlay(r, 60));
  if (switched) {
    assert.ok(r.switched, explainPlay(r, 60));
    assert.notEqual(r.switched.from, r.switched.to, explainPlay(r, 60));
    assert.ok(r.switched.confirmed, explainPlay(r, 60));
  }
  assert.ok(r.ok, explainPlay(r, 60));
}

describe('browser player harness self-test', { concurrency: true, timeout: 120_000 }, () => {
  let hls: { url: string; close(): Promise<void> };
  let dash: { url: string; close(): Promise<void> };

  before(async () => {
    hls = await serveFolder(hlsFmp4Ladder());
    dash = await serveFolder(dashLadder());
  });

  after(async () => {
    await closeBrowser();
    await hls?.close();
    await dash?.close();
  });

  it('hls.js plays an ffmpeg HLS fMP4 ladder and survives a forced switch', async () => {
    const r = await playInBrowser({ url: `${hls.url}master.m3u8`, player: 'hlsjs', switchRendition: true });
    assertPlayed(r, true);
  });

  it('dash.js plays an ffmpeg DASH ladder and survives a forced switch', async () => {
    const r = await playInBrowser({ url: `${dash.url}manifest.mpd`, player: 'dashjs', switchRendition: true });
    assertPlayed(r, true);
  });

  it('shaka plays an ffmpeg DASH ladder and survives a forced switch', async () => {
    const r = await playInBrowser({ url: `${dash.url}manifest.mpd`, player: 'shaka', switchRendition: true });
    assertPlayed(r, true);
  });

  it('reports a 404 manifest as a failure for every player', async () => {
    const results = await Promise.all([
      playInBrowser({ url: `${hls.url}missing/master.m3u8`, player: 'hlsjs', timeoutMs: 20_000 }),
      playInBrowser({ url: `${dash.url}missing.mpd`, player: 'dashjs', timeoutMs: 20_000 }),
      playInBrowser({ url: `${dash.url}missing.mpd`, player: 'shaka', timeoutMs: 20_000 }),
    ]);
    for (const r of results) {
      assert.equal(r.ok, false, explainPlay(r, 60));
      assert.ok(r.errors.some((e) => e.includes('404')), explainPlay(r, 60));
      assert.ok(r.currentTime <= 10, explainPlay(r, 60));
    }
  });
});
