/**
 * Forced subtitles (`FORCED=YES`, RFC 8216 4.3.4.1: shown even when the
 * viewer turned subtitles off; requires AUTOSELECT=YES) carried from the
 * source to every output. The source is the `multi` fixture copied with its
 * French subtitle rendition marked `FORCED=YES,AUTOSELECT=YES`; the unchanged
 * `multi` is the control.
 *
 * - HLS (CMAF and TS): that rendition, and only it, has FORCED=YES.
 * - DASH: its text AdaptationSet has Role `forced-subtitle`
 *   (urn:mpeg:dash:role:2011, ISO/IEC 23009-1 5.8.5.5), the other `subtitle`.
 * - Smooth: MS-SSTR has no forced-subtitle signalling; Kinora writes the
 *   text StreamIndex the same as for an unforced rendition (the flag is dropped).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startOrigin, type TestOrigin } from '../support/startOrigin.ts';
import { ensureFixture } from '../../scripts/fixtures.ts';
import { readMultivariantPlaylist } from '../../src/media/hls/readMultivariantPlaylist.ts';

let origin: TestOrigin;
let folder: string;

before(async () => {
  folder = mkdtempSync(join(tmpdir(), 'kinora-forced-'));
  cpSync(dirname(await ensureFixture('multi')), folder, { recursive: true });
  const playlist = join(folder, 'multi.m3u8');
  const original = readFileSync(playlist, 'utf8');
  const edited = original.replace(/^(#EXT-X-MEDIA:TYPE=SUBTITLES,.*LANGUAGE="fr".*)$/m, (line) => line.replace(/,AUTOSELECT=(YES|NO)/, ',AUTOSELECT=YES').replace(/,FORCED=(YES|NO)/, ',FORCED=YES'));
  assert.notEqual(edited, original);
  assert.match(edited, /^#EXT-X-MEDIA:TYPE=SUBTITLES,[^\n]*LANGUAGE="fr"[^\n]*AUTOSELECT=YES,FORCED=YES[^\n]*$/m);
  writeFileSync(playlist, edited);
  origin = await startOrigin({ fixtures: ['multi'] });
  const forced = await origin.addAsset('forced', playlist);
  assert.equal(forced.status, 'PLAYABLE', forced.statusReason);
});
after(async () => {
  await origin?.close();
  rmSync(folder, { recursive: true, force: true });
});

const get = async (url: string) => {
  const r = await origin.app.inject({ method: 'GET', url });
  assert.equal(r.statusCode, 200, `${url}: ${r.statusCode} ${r.body}`);
  return r.body;
};

describe('FORCED=YES from the source', () => {
  for (const config of ['kinora-default-cmaf', 'hls-ts']) {
    test(`${config}: the forced rendition, and only it, has FORCED=YES (with AUTOSELECT=YES)`, async () => {
      const body = await get(origin.urls.forced[config]);
      const subs = readMultivariantPlaylist(body).media.filter((m) => m.type === 'SUBTITLES');
      assert.deepEqual(subs.map((m) => [m.language, m.forced, m.autoselect]), [['en', false, true], ['fr', true, true]]);
      assert.equal(body.match(/FORCED=YES/g)?.length, 1);
      // The control: the unchanged source has no forced rendition.
      const control = readMultivariantPlaylist(await get(origin.urls.multi[config])).media.filter((m) => m.type === 'SUBTITLES');
      assert.deepEqual(control.map((m) => [m.language, m.forced]), [['en', false], ['fr', false]]);
    });
  }

  test('DASH: Role forced-subtitle on the forced text AdaptationSet, subtitle on the other', async () => {
    const roles = (mpd: string) =>
      [...mpd.matchAll(/<AdaptationSet [^>]*contentType="text"[^>]*lang="([^"]+)"[^>]*>([\s\S]*?)<\/AdaptationSet>/g)].map(([, lang, body]) => [
        lang,
        [...body.matchAll(/<Role schemeIdUri="([^"]+)" value="([^"]+)"\/>/g)].map((m) => `${m[1]} ${m[2]}`),
      ]);
    assert.deepEqual(roles(await get(origin.urls.forced['kinora-default-dash'])), [
      ['en', ['urn:mpeg:dash:role:2011 subtitle']],
      ['fr', ['urn:mpeg:dash:role:2011 forced-subtitle']],
    ]);
    assert.deepEqual(roles(await get(origin.urls.multi['kinora-default-dash'])), [
      ['en', ['urn:mpeg:dash:role:2011 subtitle']],
      ['fr', ['urn:mpeg:dash:role:2011 subtitle']],
    ]);
  });

  test('Smooth: the flag is dropped (MS-SSTR has none): the text StreamIndexes are those of the unforced source', async () => {
    const forced = await get(origin.urls.forced['mss-2s']);
    const texts = (xml: string) => [...xml.matchAll(/<StreamIndex Type="text"[^>]*>/g)].map((m) => m[0]);
    assert.deepEqual(
      texts(forced).map((s) => /Language="([^"]+)"/.exec(s)?.[1]),
      ['en', 'fr'],
    );
    for (const s of texts(forced)) assert.match(s, /Subtype="SUBT"/);
    assert.equal(forced, await get(origin.urls.multi['mss-2s']));
  });
});
