/**
 * WebVTT subtitle renditions of the source (the `multi` fixture: English and
 * French, 2 s cues, X-TIMESTAMP-MAP'd onto the TS timeline) become segmented
 * WebVTT for HLS/CMAF and WebVTT-in-fMP4 (wvtt) for DASH, with languages,
 * names and DEFAULT carried, and every source cue present at its time.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startOrigin, type TestOrigin } from '../support/startOrigin.ts';
import { readMultivariantPlaylist } from '../../src/media/hls/readMultivariantPlaylist.ts';
import { readMediaPlaylist } from '../../src/media/hls/readMediaPlaylist.ts';
import { readWebVtt } from '../../src/media/webvtt/readWebVtt.ts';
import { readInitSegment } from '../../src/media/isobmff/readInitSegment.ts';
import { readMediaSegment } from '../../src/media/isobmff/readMediaSegment.ts';
import { readSourceIndex } from '../../src/media/index/readSourceIndex.ts';

let origin: TestOrigin;
let offsetMs: number;
before(async () => {
  origin = await startOrigin({ fixtures: ['multi'] });
  assert.equal(origin.assets.multi.status, 'PLAYABLE', origin.assets.multi.statusReason);
  offsetMs = readSourceIndex((await origin.kinora.catalog.getAssetIndex('multi'))!).timeOffset90k / 90;
});
after(() => origin?.close());

const get = (url: string) => origin.app.inject({ method: 'GET', url });
const child = (config: string, path: string) => origin.urls.multi[config].replace(/[^/]+$/, path);

/** The fixture's cues: one per 2 s from LOCAL 0 (MPEGTS 1.4 s), 1.5 s long, for 12 s; a cue before the media's start is cut to 0. */
function sourceCues(language: string) {
  return Array.from({ length: 6 }, (_, k) => ({ id: `${language}-${k}`, startMs: Math.max(0, Math.round(1400 + 2000 * k - offsetMs)), endMs: Math.round(1400 + 2000 * k + 1500 - offsetMs) }));
}

test('HLS/CMAF: SUBTITLES renditions with language, name, DEFAULT; segments as long as the video\'s; every cue once in place', async () => {
  const mv = readMultivariantPlaylist((await get(origin.urls.multi['kinora-default-cmaf'])).body);
  const subs = mv.media.filter((m) => m.type === 'SUBTITLES');
  assert.deepEqual(subs.map((m) => [m.language, m.name, m.isDefault, m.uri]), [['en', 'English', true, 't1/media.m3u8'], ['fr', 'Français', false, 't2/media.m3u8']]);
  assert.equal(mv.variants[0].subtitles, 'subs');
  const video = readMediaPlaylist((await get(child('kinora-default-cmaf', 'v1/media.m3u8'))).body);
  for (const [t, language] of [['t1', 'en'], ['t2', 'fr']]) {
    const playlist = readMediaPlaylist((await get(child('kinora-default-cmaf', `${t}/media.m3u8`))).body);
    assert.deepEqual(playlist.segments.map((s) => Math.round(s.durationSeconds)), video.segments.map((s) => Math.round(s.durationSeconds)));
    const seen = new Map<string, { startMs: number; endMs: number }>();
    for (const segment of playlist.segments) {
      const r = await get(child('kinora-default-cmaf', `${t}/${segment.uri}`));
      assert.equal(r.statusCode, 200);
      assert.match(r.headers['content-type'] as string, /^text\/vtt/);
      const file = readWebVtt(new TextEncoder().encode(r.body));
      assert.deepEqual(file.timestampMap, { mpegts: 0, localMs: 0 });
      for (const cue of file.cues) seen.set(cue.id!, { startMs: cue.startMs, endMs: cue.endMs });
    }
    assert.deepEqual([...seen].map(([id, c]) => ({ id, ...c })), sourceCues(language));
  }
});

test('DASH: text AdaptationSets (application/mp4, wvtt, Role subtitle), wvtt init, samples covering each segment', async () => {
  const mpd = (await get(origin.urls.multi['kinora-default-dash'])).body;
  assert.match(mpd, /<AdaptationSet [^>]*contentType="text" mimeType="application\/mp4"[^>]*lang="en">\s*<Label>English<\/Label>\s*<Role [^>]*value="subtitle"\/>\s*<Representation id="t1" bandwidth="\d+" codecs="wvtt">/);
  const initBytes = (await get(child('kinora-default-dash', 't2/init.mp4'))).rawPayload;
  const init = readInitSegment(new Uint8Array(initBytes));
  assert.equal(init.tracks[0]?.kind ?? 'text', 'text');
  let payloads = '';
  let total = 0;
  for (let n = 1; ; n++) {
    const r = await get(child('kinora-default-dash', `t2/${n}.m4s`));
    if (r.statusCode === 404) break;
    assert.equal(r.headers['content-type'], 'application/mp4');
    const bytes = new Uint8Array(r.rawPayload);
    const [traf] = readMediaSegment(bytes, init);
    for (let i = 1; i < traf.samples.length; i++) assert.equal(traf.samples[i].decodeTime, traf.samples[i - 1].decodeTime + traf.samples[i - 1].duration);
    total += traf.samples.reduce((sum, s) => sum + s.duration, 0);
    payloads += new TextDecoder().decode(bytes);
  }
  for (let k = 0; k < 6; k++) assert.ok(payloads.includes(`paylRéplique ${k} <b>fr</b>`), `cue ${k} missing`);
  assert.ok(Math.abs(total - 12000) < 200, `text covers ${total} ms of ~12 s`);
});
