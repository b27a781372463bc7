// The player page picks the library from the manifest type: by URL, else by the manifest's first bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstMediaPlaylistOf, manifestKindOf, pickPlayer, sampleEncryptedFmp4Of } from '../../../console/src/player/pickPlayer.ts';

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

test('Automatic picks shaka for HLS whose fMP4 samples are encrypted with an identity key (hls.js cannot decrypt it); a choice is kept', () => {
  assert.deepEqual(pickPlayer('hls', 'auto', { sampleEncryptedFmp4: true }), { player: 'shaka' });
  assert.deepEqual(pickPlayer('hls', 'hlsjs', { sampleEncryptedFmp4: true }), { player: 'hlsjs' });
  assert.deepEqual(pickPlayer('hls', 'auto', { sampleEncryptedFmp4: false }), { player: 'hlsjs' });
});

test('sampleEncryptedFmp4Of: SAMPLE-AES (cbcs) or SAMPLE-AES-CTR in fMP4 with an identity key; not AES-128, not TS, not a DRM key format', () => {
  const fmp4 = (key: string) => `#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-MAP:URI="init.mp4"\n${key}\n#EXTINF:6,\n1.m4s\n`;
  assert.equal(sampleEncryptedFmp4Of(fmp4('#EXT-X-KEY:METHOD=SAMPLE-AES,URI="../key/ab.key?token=t",KEYFORMAT="identity"')), true);
  assert.equal(sampleEncryptedFmp4Of(fmp4('#EXT-X-KEY:METHOD=SAMPLE-AES,URI="../key/ab.key"')), true, 'identity is the default KEYFORMAT');
  assert.equal(sampleEncryptedFmp4Of(fmp4('#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,URI="k",KEYFORMAT="identity"')), true);
  assert.equal(sampleEncryptedFmp4Of(fmp4('#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://ab",KEYFORMAT="com.apple.streamingkeydelivery"')), false);
  assert.equal(sampleEncryptedFmp4Of(fmp4('#EXT-X-KEY:METHOD=AES-128,URI="k"')), false);
  assert.equal(sampleEncryptedFmp4Of('#EXTM3U\n#EXT-X-KEY:METHOD=SAMPLE-AES,URI="k"\n#EXTINF:6,\n1.ts\n'), false, 'SAMPLE-AES in TS: hls.js decrypts it');
  assert.equal(sampleEncryptedFmp4Of(fmp4('')), false);
});

test('firstMediaPlaylistOf: the first variant of a multivariant playlist, absolute; nothing for a media playlist', () => {
  const multivariant = '#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="en",URI="a1/media.m3u8"\n#EXT-X-STREAM-INF:BANDWIDTH=1,CODECS="avc1.64000d"\nv1/media.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=2\nv2/media.m3u8\n';
  assert.equal(firstMediaPlaylistOf(multivariant, 'http://h/out/v1/g/c/a/index.m3u8?x=1'), 'http://h/out/v1/g/c/a/v1/media.m3u8');
  assert.equal(firstMediaPlaylistOf('#EXTM3U\n#EXTINF:6,\n1.ts\n', 'http://h/x.m3u8'), undefined);
});
