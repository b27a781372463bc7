import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readMultivariantPlaylist } from '../../../src/media/hls/readMultivariantPlaylist.ts';
import { writeMultivariantPlaylist } from '../../../src/media/hls/writeMultivariantPlaylist.ts';
import type { Presentation } from '../../../src/media/model/Presentation.ts';
import { assertGolden } from './assertGolden.ts';
import { samplePresentation } from './samplePresentation.ts';

const golden = (name: string) => fileURLToPath(new URL(`golden/${name}`, import.meta.url));
const mediaPlaylistUri = (id: string) => `${id}/media.m3u8`;

test('matches the golden multivariant playlist', () => {
  assertGolden(golden('multivariant.m3u8'), writeMultivariantPlaylist(samplePresentation(), { mediaPlaylistUri }));
});

test('round trips through readMultivariantPlaylist: variants, bandwidths, codecs, audio group', () => {
  const presentation = samplePresentation();
  const playlist = readMultivariantPlaylist(writeMultivariantPlaylist(presentation, { mediaPlaylistUri, audioGroupId: 'aac' }));
  assert.equal(playlist.version, 7);
  assert.equal(playlist.independentSegments, true);
  const audio = presentation.switchingSets[1].tracks[0].track;
  assert.deepEqual(
    playlist.variants,
    presentation.switchingSets[0].tracks.map(({ track }) => ({
      uri: `${track.id}/media.m3u8`,
      bandwidth: Math.ceil(track.peakBitsPerSecond + audio.peakBitsPerSecond),
      averageBandwidth: Math.ceil(track.averageBitsPerSecond + audio.averageBitsPerSecond),
      codecs: [track.codecString, 'mp4a.40.2'],
      resolution: { width: track.width, height: track.height },
      frameRate: 25,
      audio: 'aac',
    })),
  );
  assert.deepEqual(playlist.media, [
    { type: 'AUDIO', groupId: 'aac', name: 'English', uri: 'a1/media.m3u8', language: 'en', isDefault: true, autoselect: true, forced: false, channels: '2' },
  ]);
});

test('one DEFAULT=YES per group, unique names, distinct audio codecs, characteristics', () => {
  const presentation = samplePresentation();
  const english = presentation.switchingSets[1];
  english.isDefault = false;
  const englishTrack = english.tracks[0];
  const described: Presentation['switchingSets'][number] = {
    id: 'audio-ad',
    kind: 'audio',
    language: 'en',
    name: 'English',
    isDefault: true,
    characteristics: 'public.accessibility.describes-video',
    tracks: [{ ...englishTrack, track: { ...englishTrack.track, id: 'a2', codecString: 'ec-3', channels: 6, peakBitsPerSecond: 400_000 } }],
  };
  presentation.switchingSets.push(described);
  const playlist = readMultivariantPlaylist(writeMultivariantPlaylist(presentation, { mediaPlaylistUri }));
  assert.deepEqual(
    playlist.media.map((media) => [media.name, media.isDefault, media.channels, media.characteristics]),
    [
      ['English', false, '2', undefined],
      ['English (a2)', true, '6', 'public.accessibility.describes-video'],
    ],
  );
  assert.deepEqual(playlist.variants[0].codecs, ['avc1.42c01e', 'mp4a.40.2', 'ec-3']);
  assert.equal(playlist.variants[0].bandwidth, 400_000 + 400_000);
});

test('without audio: no EXT-X-MEDIA and no AUDIO attribute; audio-only: one variant per audio track', () => {
  const presentation = samplePresentation();
  const videoOnly = { ...presentation, switchingSets: [presentation.switchingSets[0]] };
  const text = writeMultivariantPlaylist(videoOnly, { mediaPlaylistUri, version: 6 });
  assert.doesNotMatch(text, /EXT-X-MEDIA|AUDIO=/);
  assert.match(text, /^#EXTM3U\n#EXT-X-VERSION:6\n/);
  assert.equal(readMultivariantPlaylist(text).variants[2].bandwidth, 1_600_000);

  const audioOnly = { ...presentation, switchingSets: [presentation.switchingSets[1]] };
  assert.deepEqual(readMultivariantPlaylist(writeMultivariantPlaylist(audioOnly, { mediaPlaylistUri })).variants, [
    { uri: 'a1/media.m3u8', bandwidth: 130_512, averageBandwidth: 128_250, codecs: ['mp4a.40.2'] },
  ]);
});

test('muxed audio: no EXT-X-MEDIA, variants carry the muxed audio codec and bitrate', () => {
  const presentation = samplePresentation();
  const text = writeMultivariantPlaylist(presentation, { mediaPlaylistUri: (id) => `${id}.m3u8`, muxedAudio: true, version: 3 });
  assert.doesNotMatch(text, /EXT-X-MEDIA/);
  assert.doesNotMatch(text, /AUDIO=/);
  const audio = presentation.switchingSets.find((s) => s.kind === 'audio')!.tracks[0].track;
  const video = presentation.switchingSets.find((s) => s.kind === 'video')!.tracks[0].track;
  const first = text.split('\n').find((l) => l.startsWith('#EXT-X-STREAM-INF'))!;
  assert.ok(first.includes(`CODECS="${video.codecString},${audio.codecString}"`), first);
  assert.ok(first.includes(`BANDWIDTH=${Math.ceil(video.peakBitsPerSecond + audio.peakBitsPerSecond)}`), first);
});
