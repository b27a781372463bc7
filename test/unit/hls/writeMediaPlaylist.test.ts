import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readMediaPlaylist } from '../../../src/media/hls/readMediaPlaylist.ts';
import { writeMediaPlaylist } from '../../../src/media/hls/writeMediaPlaylist.ts';
import { assertGolden } from './assertGolden.ts';
import { samplePresentation, segmentsOf } from './samplePresentation.ts';

const golden = (name: string) => fileURLToPath(new URL(`golden/${name}`, import.meta.url));
const video = () => samplePresentation().switchingSets[0].tracks[1];
const audio = () => samplePresentation().switchingSets[1].tracks[0];

test('matches the golden fMP4 media playlist (EXT-X-MAP, version 7)', () => {
  const text = writeMediaPlaylist(video(), { segmentUri: (n) => `v2/${n}.m4s`, initUri: 'v2/init.mp4' });
  assertGolden(golden('media-v2-fmp4.m3u8'), text);
});

test('matches the golden TS media playlist (no EXT-X-MAP, version 3)', () => {
  const text = writeMediaPlaylist(audio(), { segmentUri: (n) => `segment_${n}.ts` });
  assertGolden(golden('media-a1-ts.m3u8'), text);
});

test('round trips through readMediaPlaylist: durations to 5 decimals, URIs, map, sequence', () => {
  for (const timeline of [video(), audio()]) {
    const playlist = readMediaPlaylist(
      writeMediaPlaylist(timeline, { segmentUri: (n) => `${timeline.track.id}/${n}.m4s`, initUri: 'init.mp4', mediaSequence: 7 }),
    );
    assert.equal(playlist.version, 7);
    assert.equal(playlist.mediaSequence, 7);
    assert.equal(playlist.playlistType, 'VOD');
    assert.equal(playlist.endList, true);
    assert.equal(playlist.independentSegments, true);
    assert.deepEqual(
      playlist.segments.map((segment) => [segment.uri, segment.durationSeconds.toFixed(5), segment.map?.uri]),
      timeline.segments.map((segment) => [
        `${timeline.track.id}/${segment.number}.m4s`,
        (segment.duration / timeline.track.timescale).toFixed(5),
        'init.mp4',
      ]),
    );
  }
});

test('target duration is the largest EXTINF rounded to the nearest integer (RFC 8216 4.3.3.1)', () => {
  const timeline = video();
  const targetOf = (durations: number[]) =>
    readMediaPlaylist(writeMediaPlaylist({ track: timeline.track, segments: segmentsOf(durations) }, { segmentUri: String })).targetDuration;
  assert.equal(targetOf([180000, 180000]), 2);
  assert.equal(targetOf([180000, 224100]), 2); // 2.49 s rounds to 2
  assert.equal(targetOf([180000, 225000]), 3); // 2.5 s rounds up
  assert.equal(targetOf([9000]), 1); // never 0
});

test('media sequence defaults to the first segment number', () => {
  const timeline = video();
  const later = { track: timeline.track, segments: timeline.segments.slice(2) };
  assert.equal(readMediaPlaylist(writeMediaPlaylist(later, { segmentUri: String })).mediaSequence, 3);
});

test('writes a 1,000-segment playlist', () => {
  const timeline = { track: video().track, segments: segmentsOf(new Array(1000).fill(180000)) };
  const text = writeMediaPlaylist(timeline, { segmentUri: (n) => `${n}.m4s`, initUri: 'init.mp4' });
  assert.equal(readMediaPlaylist(text).segments.length, 1000);
});

test('EXT-X-PROGRAM-DATE-TIME before the first segment, then once per interval of media', () => {
  const timeline = video();
  const segments = segmentsOf([180000, 180000, 180000, 180000, 180000]); // 2 s each at 90 kHz
  const text = writeMediaPlaylist({ track: timeline.track, segments }, { segmentUri: String, programDateTime: { epochMs: Date.UTC(2026, 0, 2, 3, 4, 5, 600), intervalSeconds: 4 } });
  const lines = text.split('\n');
  const pdts = lines.flatMap((line, i) => (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:') ? [[line.slice(25), lines[i + 2]]] : []));
  assert.deepEqual(pdts, [
    ['2026-01-02T03:04:05.600Z', '1'],
    ['2026-01-02T03:04:09.600Z', '3'],
    ['2026-01-02T03:04:13.600Z', '5'],
  ]);
  assert.equal(readMediaPlaylist(text).segments.length, 5);
});
