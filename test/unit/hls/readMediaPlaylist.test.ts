import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MediaError } from '../../../src/media/errors/MediaError.ts';
import { readMediaPlaylist } from '../../../src/media/hls/readMediaPlaylist.ts';

function playlistInvalid(pattern: RegExp) {
  return (error: unknown) => error instanceof MediaError && error.code === 'PLAYLIST_INVALID' && pattern.test(error.message);
}

test('reads an ffmpeg fMP4 playlist with EXT-X-MAP', () => {
  const playlist = readMediaPlaylist(`#EXTM3U
#EXT-X-VERSION:7
#EXT-X-TARGETDURATION:4
#EXT-X-MEDIA-SEQUENCE:0
#EXT-X-PLAYLIST-TYPE:VOD
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-MAP:URI="init_0.mp4"
#EXTINF:4.000000,
stream_0_0.m4s
#EXTINF:3.960000,
stream_0_1.m4s
#EXTINF:1.280000,
stream_0_2.m4s
#EXT-X-ENDLIST
`);
  assert.equal(playlist.version, 7);
  assert.equal(playlist.targetDuration, 4);
  assert.equal(playlist.mediaSequence, 0);
  assert.equal(playlist.playlistType, 'VOD');
  assert.equal(playlist.endList, true);
  assert.equal(playlist.independentSegments, true);
  assert.equal(playlist.iFramesOnly, false);
  assert.deepEqual(
    playlist.segments.map((segment) => [segment.uri, segment.durationSeconds]),
    [['stream_0_0.m4s', 4], ['stream_0_1.m4s', 3.96], ['stream_0_2.m4s', 1.28]],
  );
  for (const segment of playlist.segments) assert.deepEqual(segment.map, { uri: 'init_0.mp4' });
  assert.deepEqual(playlist.segments[0], { uri: 'stream_0_0.m4s', durationSeconds: 4, discontinuity: false, markers: [], map: { uri: 'init_0.mp4' } });
  assert.deepEqual(playlist.trailingMarkers, []);
});

test('resolves EXT-X-BYTERANGE offsets that continue the previous sub-range (RFC 8216 4.3.2.2)', () => {
  const playlist = readMediaPlaylist(`#EXTM3U
#EXT-X-VERSION:4
#EXT-X-TARGETDURATION:10
#EXT-X-MAP:URI="main.mp4",BYTERANGE="720"
#EXTINF:10.0,
#EXT-X-BYTERANGE:75232@720
main.mp4
#EXTINF:10.0,
#EXT-X-BYTERANGE:82112
main.mp4
#EXTINF:10.0,
#EXT-X-BYTERANGE:69864
main.mp4
#EXTINF:10.0,
#EXT-X-BYTERANGE:1000@0
other.ts
#EXT-X-ENDLIST
`);
  assert.deepEqual(
    playlist.segments.map((segment) => segment.byteRange),
    [
      { length: 75232, offset: 720 },
      { length: 82112, offset: 75952 },
      { length: 69864, offset: 158064 },
      { length: 1000, offset: 0 },
    ],
  );
  assert.deepEqual(playlist.segments[0].map, { uri: 'main.mp4', byteRange: { length: 720, offset: 0 } });
});

test('rejects an EXT-X-BYTERANGE without offset when the previous segment is another URI', () => {
  assert.throws(
    () => readMediaPlaylist('#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n#EXT-X-BYTERANGE:100@0\na.ts\n#EXTINF:10,\n#EXT-X-BYTERANGE:100\nb.ts\n'),
    playlistInvalid(/^line 7: expected an EXT-X-BYTERANGE offset/),
  );
});

test('tracks discontinuities, program date time, the key in force and map changes', () => {
  const playlist = readMediaPlaylist(`#EXTM3U
#EXT-X-VERSION:5
#EXT-X-TARGETDURATION:6
#EXT-X-MEDIA-SEQUENCE:120
#EXT-X-PROGRAM-DATE-TIME:2024-05-01T10:00:00.000Z
#EXT-X-KEY:METHOD=AES-128,URI="https://keys.example/k1",IV=0x0000000000000000000000000000007B
#EXTINF:6.006,first
seg120.ts
#EXTINF:6.006,
seg121.ts
#EXT-X-DISCONTINUITY
#EXT-X-KEY:METHOD=NONE
#EXTINF:5.005,
ad1.ts
#EXT-X-DISCONTINUITY
#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://asset",KEYFORMAT="com.apple.streamingkeydelivery",KEYFORMATVERSIONS="1"
#EXT-X-MAP:URI="init2.mp4"
#EXTINF:6.006,
seg122.m4s
`);
  const [first, second, ad, last] = playlist.segments;
  assert.equal(playlist.mediaSequence, 120);
  assert.equal(playlist.endList, false);
  assert.equal(playlist.playlistType, undefined);
  assert.equal(first.title, 'first');
  assert.equal(first.programDateTime, '2024-05-01T10:00:00.000Z');
  assert.equal(second.programDateTime, undefined);
  assert.deepEqual(first.key, { method: 'AES-128', uri: 'https://keys.example/k1', iv: '0x0000000000000000000000000000007B' });
  assert.equal(second.key, first.key);
  assert.deepEqual([first.discontinuity, second.discontinuity, ad.discontinuity, last.discontinuity], [false, false, true, true]);
  assert.equal(ad.key, undefined);
  assert.equal(ad.map, undefined);
  assert.deepEqual(last.key, { method: 'SAMPLE-AES', uri: 'skd://asset', keyFormat: 'com.apple.streamingkeydelivery' });
  assert.deepEqual(last.map, { uri: 'init2.mp4' });
});

test('keeps ad markers and unknown tags verbatim, in order, on the next segment', () => {
  const playlist = readMediaPlaylist(`#EXTM3U
#EXT-X-VERSION:3
#EXT-X-TARGETDURATION:10
#EXT-X-START:TIME-OFFSET=0
#EXTINF:10.000,
content1.ts
#EXT-OATCLS-SCTE35:/DAlAAAAAAAAAP/wFAUAAAABf+/+ANgNkv4AFJlwAAEBAQAA5xULLA==
#EXT-X-ASSET:CAID=0x0000000020FB6501
#EXT-X-CUE-OUT:30.000
#EXTINF:10.000,
ad1.ts
#EXT-X-CUE-OUT-CONT:ElapsedTime=10.000,Duration=30.000,SCTE35=/DAlAAAAAAAAAP/wFAUAAAABf+/+ANgNkv4AFJlwAAEBAQAA5xULLA==
#EXTINF:10.000,
ad2.ts
#EXT-X-DATERANGE:ID="splice-1",START-DATE="2024-05-01T10:00:20Z",DURATION=30.0
#EXT-X-CUE-IN
#EXTINF:10.000,
content2.ts
#EXT-X-CUE-OUT:DURATION=15
#EXT-X-ENDLIST
`);
  const markers = playlist.segments.map((segment) => segment.markers);
  assert.deepEqual(markers[0], []);
  assert.deepEqual(markers[1], [
    { tag: 'EXT-OATCLS-SCTE35', value: '/DAlAAAAAAAAAP/wFAUAAAABf+/+ANgNkv4AFJlwAAEBAQAA5xULLA==' },
    { tag: 'EXT-X-ASSET', value: 'CAID=0x0000000020FB6501' },
    { tag: 'EXT-X-CUE-OUT', value: '30.000' },
  ]);
  assert.deepEqual(markers[2], [
    { tag: 'EXT-X-CUE-OUT-CONT', value: 'ElapsedTime=10.000,Duration=30.000,SCTE35=/DAlAAAAAAAAAP/wFAUAAAABf+/+ANgNkv4AFJlwAAEBAQAA5xULLA==' },
  ]);
  assert.deepEqual(markers[3], [
    { tag: 'EXT-X-DATERANGE', value: 'ID="splice-1",START-DATE="2024-05-01T10:00:20Z",DURATION=30.0' },
    { tag: 'EXT-X-CUE-IN' },
  ]);
  assert.deepEqual(playlist.trailingMarkers, [{ tag: 'EXT-X-CUE-OUT', value: 'DURATION=15' }]);
});

test('tolerates CRLF, a BOM, blank lines, comments and an EXTINF without comma', () => {
  const playlist = readMediaPlaylist('\ufeff#EXTM3U\r\n\r\n#EXT-X-TARGETDURATION:2\r\n# a comment\r\n#EXTINF:2\r\n\r\na.ts\r\n#EXTINF:.5,\r\nb.ts\r\n#EXT-X-ENDLIST\r\n');
  assert.deepEqual(
    playlist.segments.map((segment) => [segment.uri, segment.durationSeconds]),
    [['a.ts', 2], ['b.ts', 0.5]],
  );
  assert.equal(playlist.endList, true);
});

test('rejects a first line other than #EXTM3U', () => {
  assert.throws(() => readMediaPlaylist('EXTM3U\n#EXT-X-TARGETDURATION:2\n'), playlistInvalid(/^line 1: expected #EXTM3U, found 'EXTM3U'/));
});

test('rejects a negative or non-numeric EXTINF duration, naming the line', () => {
  assert.throws(
    () => readMediaPlaylist('#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:-1,\na.ts\n'),
    playlistInvalid(/^line 3: expected a non-negative decimal EXTINF duration, found '-1'/),
  );
  assert.throws(
    () => readMediaPlaylist('#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:two,\na.ts\n'),
    playlistInvalid(/^line 3: .*found 'two'/),
  );
});

test('rejects a URI line without a preceding EXTINF, and an EXTINF without URI', () => {
  assert.throws(
    () => readMediaPlaylist('#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\na.ts\nb.ts\n'),
    playlistInvalid(/^line 5: expected #EXTINF before the segment URI, found 'b.ts'/),
  );
  assert.throws(
    () => readMediaPlaylist('#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\n#EXT-X-ENDLIST\n'),
    playlistInvalid(/^line 3: expected a segment URI after #EXTINF, found end of playlist/),
  );
});

test('rejects a playlist without EXT-X-TARGETDURATION', () => {
  assert.throws(
    () => readMediaPlaylist('#EXTM3U\n#EXTINF:2,\na.ts\n#EXT-X-ENDLIST\n'),
    playlistInvalid(/^line 5: expected #EXT-X-TARGETDURATION/),
  );
});

test('rejects a multivariant playlist, naming the tag found', () => {
  assert.throws(
    () => readMediaPlaylist('#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n'),
    playlistInvalid(/^line 3: expected a Media Playlist tag, found #EXT-X-STREAM-INF/),
  );
});

test('rejects a bad EXT-X-PLAYLIST-TYPE and a bad EXT-X-KEY attribute list with the line number', () => {
  assert.throws(
    () => readMediaPlaylist('#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-PLAYLIST-TYPE:LIVE\n'),
    playlistInvalid(/^line 3: expected EXT-X-PLAYLIST-TYPE VOD or EVENT, found 'LIVE'/),
  );
  assert.throws(
    () => readMediaPlaylist('#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-KEY:URI="k"\n'),
    playlistInvalid(/^line 3: expected a METHOD attribute in EXT-X-KEY/),
  );
});

test('reads a 100,000-segment playlist', () => {
  const count = 100_000;
  const lines = ['#EXTM3U', '#EXT-X-VERSION:4', '#EXT-X-TARGETDURATION:2', '#EXT-X-PLAYLIST-TYPE:VOD'];
  for (let i = 0; i < count; i++) lines.push('#EXTINF:2.00000,', `#EXT-X-BYTERANGE:${1000 + (i % 7)}`, 'big.ts');
  lines[5] = '#EXT-X-BYTERANGE:1000@0';
  lines.push('#EXT-X-ENDLIST');
  const playlist = readMediaPlaylist(lines.join('\n'));
  assert.equal(playlist.segments.length, count);
  const last = playlist.segments[count - 1];
  let expectedOffset = 0;
  for (let i = 0; i < count - 1; i++) expectedOffset += 1000 + (i % 7);
  assert.deepEqual(last.byteRange, { length: 1000 + ((count - 1) % 7), offset: expectedOffset });
});
