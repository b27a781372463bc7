/**
 * Several audio languages and several tracks per language (the `multi`
 * fixture: English, French, English described-video commentary) carry their
 * NAME, LANGUAGE, CHANNELS, AUTOSELECT and CHARACTERISTICS from the source
 * into HLS, and become separate DASH AdaptationSets with Label, lang and Role.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startOrigin, type TestOrigin } from '../support/startOrigin.ts';
import { readMultivariantPlaylist } from '../../src/media/hls/readMultivariantPlaylist.ts';

let origin: TestOrigin;
before(async () => {
  origin = await startOrigin({ fixtures: ['multi'] });
  assert.equal(origin.assets.multi.status, 'PLAYABLE', origin.assets.multi.statusReason);
});
after(() => origin?.close());

const text = async (url: string) => (await origin.app.inject({ method: 'GET', url })).body;

test('HLS: one EXT-X-MEDIA per audio track with the source attributes', async () => {
  const playlist = readMultivariantPlaylist(await text(origin.urls.multi['kinora-default-cmaf']));
  const audio = playlist.media.filter((m) => m.type === 'AUDIO');
  assert.deepEqual(
    audio.map((m) => [m.name, m.language, m.channels, m.isDefault, m.autoselect, m.characteristics]),
    [
      ['English', 'en', '2', true, true, undefined],
      ['Français', 'fr', '2', false, true, undefined],
      ['English (commentary)', 'en', '2', false, false, 'public.accessibility.describes-video'],
    ],
  );
  assert.equal(new Set(audio.map((m) => m.groupId)).size, 1);
  assert.deepEqual(playlist.variants.map((v) => v.audio), ['audio']);
});

test('DASH: each audio track its own AdaptationSet: lang, Label, Role main / description', async () => {
  const mpd = await text(origin.urls.multi['kinora-default-dash']);
  const sets = [...mpd.matchAll(/<AdaptationSet [^>]*contentType="audio"[^>]*lang="([^"]+)">\s*<Label>([^<]+)<\/Label>\s*((?:<(?:Accessibility|Role)[^>]*\/>\s*)*)/g)];
  assert.deepEqual(
    sets.map((m) => [m[1], m[2], [...m[3].matchAll(/<Role [^>]*value="([^"]+)"/g)].map((r) => r[1]).join(), m[3].includes('AudioPurposeCS:2007" value="1"')]),
    [
      ['en', 'English', 'main', false],
      ['fr', 'Français', '', false],
      ['en', 'English (commentary)', 'description', true],
    ],
  );
});
