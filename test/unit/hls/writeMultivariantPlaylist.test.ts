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

test('muxed audio, several audio tracks: one variant per video track with the default audio track (not side by side: they would look alike to bandwidth-only players), its codec, bandwidth and URI', () => {
  const presentation = samplePresentation();
  const english = presentation.switchingSets[1].tracks[0];
  presentation.switchingSets.push(
    { id: 'audio-fr', kind: 'audio', language: 'fr', name: 'Français', tracks: [{ ...english, track: { ...english.track, id: 'a2', language: 'fr', peakBitsPerSecond: 97_000, averageBitsPerSecond: 96_100.2 } }] },
    { id: 'audio-ec3', kind: 'audio', language: 'es', tracks: [{ ...english, track: { ...english.track, id: 'a3', codecString: 'ec-3', channels: 6, peakBitsPerSecond: 256_000, averageBitsPerSecond: 255_000 } }] },
  );
  const uri = (id: string, audio?: string) => (audio === 'a1' ? `${id}/media.m3u8` : `${id}-${audio}/media.m3u8`);
  const videos = presentation.switchingSets[0].tracks.map((t) => t.track);
  const variantsWith = (audio: (typeof videos)[number]) =>
    videos.map((video) => ({
      uri: uri(video.id, audio.id),
      bandwidth: Math.ceil(video.peakBitsPerSecond + audio.peakBitsPerSecond),
      averageBandwidth: Math.ceil(video.averageBitsPerSecond + audio.averageBitsPerSecond),
      codecs: [video.codecString, audio.codecString],
      resolution: { width: video.width, height: video.height },
      frameRate: 25,
    }));
  const text = writeMultivariantPlaylist(presentation, { mediaPlaylistUri: uri, muxedAudio: true, version: 3 });
  assert.doesNotMatch(text, /EXT-X-MEDIA|AUDIO=/);
  assert.deepEqual(readMultivariantPlaylist(text).variants, variantsWith(english.track), 'the default audio set');
  // The French set marked default instead: its track is the one muxed in, at its own URIs.
  presentation.switchingSets[1] = { ...presentation.switchingSets[1], isDefault: false };
  presentation.switchingSets[2] = { ...presentation.switchingSets[2], isDefault: true };
  const french = writeMultivariantPlaylist(presentation, { mediaPlaylistUri: uri, muxedAudio: true, version: 3 });
  assert.deepEqual(readMultivariantPlaylist(french).variants, variantsWith(presentation.switchingSets[2].tracks[0].track));
  // One audio track: the variants of before, every URI asked for with the muxed audio's id.
  const asked: [string, string | undefined][] = [];
  const single = writeMultivariantPlaylist(samplePresentation(), { mediaPlaylistUri: (id, audio) => (asked.push([id, audio]), `${id}/media.m3u8`), muxedAudio: true, version: 3 });
  assert.equal(readMultivariantPlaylist(single).variants.length, 3);
  assert.deepEqual(asked, [['v1', 'a1'], ['v2', 'a1'], ['v3', 'a1']]);
});

test('muxed audio without video: each audio track is a variant of its own, at its own media playlist', () => {
  const presentation = samplePresentation();
  const english = presentation.switchingSets[1].tracks[0];
  const audioOnly = { ...presentation, switchingSets: [presentation.switchingSets[1], { id: 'audio-fr', kind: 'audio' as const, tracks: [{ ...english, track: { ...english.track, id: 'a2', codecString: 'ac-3' } }] }] };
  const asked: [string, string | undefined][] = [];
  const text = writeMultivariantPlaylist(audioOnly, { mediaPlaylistUri: (id, audio) => (asked.push([id, audio]), `${id}/media.m3u8`), muxedAudio: true, version: 3 });
  assert.deepEqual(readMultivariantPlaylist(text).variants.map((v) => [v.uri, v.codecs]), [['a1/media.m3u8', ['mp4a.40.2']], ['a2/media.m3u8', ['ac-3']]]);
  assert.deepEqual(asked, [['a1', undefined], ['a2', undefined]]);
});
