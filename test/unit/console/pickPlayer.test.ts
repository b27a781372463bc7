// The player page picks the library from the manifest type: by URL, else by the manifest's first bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { manifestKindOf, pickPlayer } from '../../../console/src/player/pickPlayer.ts';

test('manifestKindOf reads the type from the URL path, ignoring the query', () => {
  assert.equal(manifestKindOf('http://h/out/v1/a/b/c/index.m3u8?aws.manifestfilter=video_height:1-360'), 'hls');
  assert.equal(manifestKindOf('https://h/x/index.mpd'), 'dash');
  assert.equal(manifestKindOf('https://h/x/index.ism/Manifest'), 'smooth');
  assert.equal(manifestKindOf('https://h/x/live.isml/manifest'), 'smooth');
  assert.equal(manifestKindOf('https://h/x/stream'), undefined);
});

test('manifestKindOf falls back to the manifest text when the path does not tell', () => {
  assert.equal(manifestKindOf('https://h/play?id=1', '\uFEFF#EXTM3U\n#EXT-X-VERSION:6'), 'hls');
  assert.equal(manifestKindOf('https://h/play?id=1', '<?xml version="1.0"?>\n<!-- made by x -->\n<MPD xmlns="urn:mpeg:dash:schema:mpd:2011">'), 'dash');
  assert.equal(manifestKindOf('https://h/play?id=1', '<?xml version="1.0"?><SmoothStreamingMedia MajorVersion="2">'), 'smooth');
  assert.equal(manifestKindOf('https://h/play?id=1', '<html><body>Not found</body></html>'), undefined);
});

test('pickPlayer: hls.js for HLS, dash.js for DASH, dash.js + MSS for Smooth, shaka on request', () => {
  assert.deepEqual(pickPlayer('hls', 'auto'), { player: 'hlsjs' });
  assert.deepEqual(pickPlayer('dash', 'auto'), { player: 'dashjs' });
  assert.deepEqual(pickPlayer('smooth', 'auto'), { player: 'dashjs-mss' });
  assert.deepEqual(pickPlayer('smooth', 'dashjs'), { player: 'dashjs-mss' });
  assert.deepEqual(pickPlayer('hls', 'shaka'), { player: 'shaka' });
  assert.deepEqual(pickPlayer('dash', 'shaka'), { player: 'shaka' });
});

test('pickPlayer refuses, in words, a library that cannot play the manifest', () => {
  assert.match((pickPlayer('dash', 'hlsjs') as { error: string }).error, /^hls\.js plays HLS \(\.m3u8\) only; this is a DASH manifest/);
  assert.match((pickPlayer('hls', 'dashjs') as { error: string }).error, /^dash\.js does not play HLS/);
  assert.match((pickPlayer('smooth', 'shaka') as { error: string }).error, /^shaka does not play Smooth Streaming/);
});
