import assert from 'node:assert/strict';
import { test } from 'node:test';
import { probePlaylistKind } from '../../../src/media/hls/probePlaylistKind.ts';

test('tells multivariant from media playlists by the first kind-specific tag', () => {
  assert.equal(probePlaylistKind('#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n'), 'multivariant');
  assert.equal(probePlaylistKind('\ufeff#EXTM3U\r\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="n"\r\n'), 'multivariant');
  assert.equal(probePlaylistKind('#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:6\n#EXTINF:6,\na.ts\n'), 'media');
  assert.equal(probePlaylistKind('#EXTM3U\n#EXT-X-CUE-OUT:30\n#EXTINF:6,\na.ts\n'), 'media');
  assert.equal(probePlaylistKind('#EXTM3U\n'), 'media');
});
