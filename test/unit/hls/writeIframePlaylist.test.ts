import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeIframePlaylist, type IframeEntry } from '../../../src/media/hls/writeIframePlaylist.ts';
import { readMediaPlaylist } from '../../../src/media/hls/readMediaPlaylist.ts';

const entries: IframeEntry[] = [
  { uri: '1.ts', offset: 0, length: 9024, durationSeconds: 2 },
  { uri: '1.ts', offset: 40232, length: 8460, durationSeconds: 2.04 },
  { uri: '2.ts', offset: 376, length: 9400, durationSeconds: 1.96 },
];

test('clear TS: version 4 for EXT-X-BYTERANGE, one byte range per I-frame, EXTINF the time to the next', () => {
  const text = writeIframePlaylist(entries);
  assert.equal(
    text,
    [
      '#EXTM3U',
      '#EXT-X-VERSION:4',
      '#EXT-X-TARGETDURATION:2',
      '#EXT-X-MEDIA-SEQUENCE:1',
      '#EXT-X-PLAYLIST-TYPE:VOD',
      '#EXT-X-I-FRAMES-ONLY',
      '#EXTINF:2.00000,',
      '#EXT-X-BYTERANGE:9024@0',
      '1.ts',
      '#EXTINF:2.04000,',
      '#EXT-X-BYTERANGE:8460@40232',
      '1.ts',
      '#EXTINF:1.96000,',
      '#EXT-X-BYTERANGE:9400@376',
      '2.ts',
      '#EXT-X-ENDLIST',
      '',
    ].join('\n'),
  );
  assert.deepEqual(
    readMediaPlaylist(text).segments.map((s) => [s.uri, s.byteRange]),
    entries.map((e) => [e.uri, { offset: e.offset, length: e.length }]),
  );
});

test('encrypted: the EXT-X-KEY tags follow the map, once for every entry; KEYFORMAT needs version 5, the map 7', () => {
  const key = { method: 'SAMPLE-AES' as const, uri: '../key/00.key?token=t', iv: new Uint8Array(16).fill(1), keyFormat: 'identity', keyFormatVersions: '1' };
  const ts = writeIframePlaylist(entries, { keys: [key] });
  assert.match(ts, /^#EXT-X-VERSION:5$/m);
  assert.match(ts, /#EXT-X-I-FRAMES-ONLY\n#EXT-X-KEY:METHOD=SAMPLE-AES,URI="\.\.\/key\/00\.key\?token=t",IV=0x01010101010101010101010101010101,KEYFORMAT="identity",KEYFORMATVERSIONS="1"\n#EXTINF/);
  assert.equal(ts.match(/#EXT-X-KEY/g)?.length, 1);
  const cmaf = writeIframePlaylist(entries, { initUri: 'init.mp4', keys: [key, { method: 'SAMPLE-AES', uri: 'skd://00', keyFormat: 'com.apple.streamingkeydelivery', keyFormatVersions: '1' }] });
  assert.match(cmaf, /^#EXT-X-VERSION:7$/m);
  assert.match(cmaf, /#EXT-X-MAP:URI="init\.mp4"\n#EXT-X-KEY:METHOD=SAMPLE-AES,URI="\.\.\/key[^\n]+\n#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd:\/\/00",KEYFORMAT="com\.apple\.streamingkeydelivery",KEYFORMATVERSIONS="1"\n#EXTINF/);
});
