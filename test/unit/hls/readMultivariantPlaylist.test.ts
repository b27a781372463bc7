import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MediaError } from '../../../src/media/errors/MediaError.ts';
import { readMultivariantPlaylist } from '../../../src/media/hls/readMultivariantPlaylist.ts';

/** What ffmpeg's hls muxer writes with `-var_stream_map "v:0,agroup:aud v:1,agroup:aud a:0,agroup:aud"`. */
const FFMPEG = `#EXTM3U
#EXT-X-VERSION:6
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_aud",NAME="audio_0",DEFAULT=YES,URI="stream_2.m3u8"
#EXT-X-STREAM-INF:BANDWIDTH=1170400,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2",AUDIO="group_aud"
stream_0.m3u8

#EXT-X-STREAM-INF:BANDWIDTH=2340800,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2",AUDIO="group_aud"
stream_1.m3u8

`;

/** What AWS Elemental MediaConvert writes for an Apple HLS group with name modifiers `_1080p`, `_720p`. */
const MEDIACONVERT = `#EXTM3U\r
#EXT-X-VERSION:4\r
#EXT-X-INDEPENDENT-SEGMENTS\r
#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="eng",DEFAULT=YES,AUTOSELECT=YES,FORCED=NO,URI="name_eng.m3u8"\r
#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID="cc",NAME="English CC",LANGUAGE="eng",INSTREAM-ID="CC1",AUTOSELECT=YES\r
#EXT-X-STREAM-INF:BANDWIDTH=5719404,AVERAGE-BANDWIDTH=5283730,CODECS="avc1.640028,mp4a.40.2",RESOLUTION=1920x1080,FRAME-RATE=29.970,SUBTITLES="subs",CLOSED-CAPTIONS="cc"\r
name_1080p.m3u8\r
#EXT-X-STREAM-INF:BANDWIDTH=3190360,AVERAGE-BANDWIDTH=2957148,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=1280x720,FRAME-RATE=29.970,SUBTITLES="subs",CLOSED-CAPTIONS=NONE\r
name_720p.m3u8\r
#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=372712,AVERAGE-BANDWIDTH=233540,CODECS="avc1.640028",RESOLUTION=1920x1080,URI="name_1080p_I-Frame.m3u8"\r
`;

function playlistInvalid(pattern: RegExp) {
  return (error: unknown) => error instanceof MediaError && error.code === 'PLAYLIST_INVALID' && pattern.test(error.message);
}

test('reads an ffmpeg multivariant playlist with an EXT-X-MEDIA audio group', () => {
  const playlist = readMultivariantPlaylist(FFMPEG);
  assert.equal(playlist.version, 6);
  assert.equal(playlist.independentSegments, false);
  assert.deepEqual(playlist.media, [
    { type: 'AUDIO', groupId: 'group_aud', name: 'audio_0', uri: 'stream_2.m3u8', isDefault: true, autoselect: false, forced: false },
  ]);
  assert.deepEqual(playlist.variants, [
    { uri: 'stream_0.m3u8', bandwidth: 1170400, resolution: { width: 640, height: 360 }, codecs: ['avc1.64001e', 'mp4a.40.2'], audio: 'group_aud' },
    { uri: 'stream_1.m3u8', bandwidth: 2340800, resolution: { width: 1280, height: 720 }, codecs: ['avc1.64001f', 'mp4a.40.2'], audio: 'group_aud' },
  ]);
  assert.deepEqual(playlist.iframeVariants, []);
});

test('reads a MediaConvert playlist with CRLF, subtitles, captions and I-frame variants', () => {
  const playlist = readMultivariantPlaylist(MEDIACONVERT);
  assert.equal(playlist.version, 4);
  assert.equal(playlist.independentSegments, true);
  assert.deepEqual(
    playlist.variants.map((variant) => [variant.uri, variant.bandwidth, variant.averageBandwidth, variant.frameRate, variant.closedCaptions]),
    [
      ['name_1080p.m3u8', 5719404, 5283730, 29.97, 'cc'],
      ['name_720p.m3u8', 3190360, 2957148, 29.97, 'NONE'],
    ],
  );
  assert.equal(playlist.variants[0].subtitles, 'subs');
  assert.deepEqual(playlist.iframeVariants, [
    { uri: 'name_1080p_I-Frame.m3u8', bandwidth: 372712, codecs: ['avc1.640028'], resolution: { width: 1920, height: 1080 } },
  ]);
  assert.deepEqual(playlist.media[0], {
    type: 'SUBTITLES', groupId: 'subs', name: 'English', uri: 'name_eng.m3u8', language: 'eng', isDefault: true, autoselect: true, forced: false,
  });
  assert.deepEqual(playlist.media[1], {
    type: 'CLOSED-CAPTIONS', groupId: 'cc', name: 'English CC', language: 'eng', instreamId: 'CC1', isDefault: false, autoselect: true, forced: false,
  });
});

test('tolerates a BOM, comments and blank lines', () => {
  const playlist = readMultivariantPlaylist('\ufeff#EXTM3U\n# made by hand\n\n#EXT-X-STREAM-INF:BANDWIDTH=1\n\n# still the same variant\nv.m3u8\n');
  assert.deepEqual(playlist.variants, [{ uri: 'v.m3u8', bandwidth: 1 }]);
});

test('rejects a playlist that does not start with #EXTM3U', () => {
  assert.throws(() => readMultivariantPlaylist('#EXT-X-VERSION:3\n#EXTM3U\n'), playlistInvalid(/^line 1: expected #EXTM3U, found '#EXT-X-VERSION:3'/));
  assert.throws(() => readMultivariantPlaylist(''), playlistInvalid(/^line 1: expected #EXTM3U, found an empty line/));
});

test('rejects a media playlist, naming the tag found', () => {
  assert.throws(
    () => readMultivariantPlaylist('#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6,\na.ts\n'),
    playlistInvalid(/^line 2: expected a Multivariant Playlist tag, found #EXT-X-TARGETDURATION/),
  );
});

test('rejects a URI without EXT-X-STREAM-INF, a missing BANDWIDTH and a dangling EXT-X-STREAM-INF', () => {
  assert.throws(() => readMultivariantPlaylist('#EXTM3U\nv.m3u8\n'), playlistInvalid(/^line 2: expected #EXT-X-STREAM-INF before the variant URI, found 'v.m3u8'/));
  assert.throws(
    () => readMultivariantPlaylist('#EXTM3U\n#EXT-X-STREAM-INF:CODECS="avc1.64001f"\nv.m3u8\n'),
    playlistInvalid(/^line 2: expected a BANDWIDTH attribute, found none/),
  );
  assert.throws(
    () => readMultivariantPlaylist('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n'),
    playlistInvalid(/^line 2: expected a variant URI after #EXT-X-STREAM-INF, found end of playlist/),
  );
  assert.throws(
    () => readMultivariantPlaylist('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,RESOLUTION=big\nv.m3u8\n'),
    playlistInvalid(/^line 2: expected RESOLUTION=<width>x<height>, found 'big'/),
  );
});

test('rejects EXT-X-MEDIA without a valid TYPE, and names the line of a bad attribute list', () => {
  assert.throws(
    () => readMultivariantPlaylist('#EXTM3U\n#EXT-X-MEDIA:TYPE=TEXT,GROUP-ID="g",NAME="n"\n'),
    playlistInvalid(/^line 2: expected EXT-X-MEDIA TYPE AUDIO, VIDEO, SUBTITLES or CLOSED-CAPTIONS, found 'TEXT'/),
  );
  assert.throws(
    () => readMultivariantPlaylist('#EXTM3U\n\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="g\n'),
    playlistInvalid(/^line 3: attribute list column \d+: expected a closing quote/),
  );
});
