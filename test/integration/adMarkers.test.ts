/**
 * HLS `adMarkers` on a source with an ad break (`breaks` fixture: programme to
 * 8 s, `EXT-X-CUE-OUT:DURATION=4`, ad to 12 s, `EXT-X-CUE-IN`, programme),
 * read back by a third-party HLS parser (`hls-parser`, the one MediaTailor's
 * prefetch tooling uses): SCTE35_ENHANCED gives CUE-OUT (4 s) at 8 s and
 * CUE-IN at 12 s in every media playlist, with SCTE-35 splice_insert messages;
 * PASSTHROUGH copies the source's tags; NONE and the other manifests of the
 * configuration keep their own, marker-free playlists. DASH with
 * `scteMarkersSource: MANIFEST` carries the same breaks as SCTE-35 XML
 * EventStreams: first in the ad Period (out, with the duration) and in the
 * programme Period after it (back in), or all in the one Period.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import HLS from 'hls-parser';
import { startOrigin, type TestOrigin } from '../support/startOrigin.ts';
import { arnOf } from '../../src/catalog/arns.ts';
import { newHash } from '../../src/catalog/newHash.ts';
import { DEFAULT_GROUP_ID } from '../../src/catalog/ensureDefaultPackaging.ts';
import { egressUrls } from '../../src/origin/egressUrls.ts';
import type { PackageSettings } from '../../src/catalog/records.ts';
import { bytesFromBase64 } from '../../src/media/bytes/base64.ts';
import { crc32Mpeg2 } from '../../src/media/mp2t/crc32Mpeg2.ts';

const configurations: Record<string, PackageSettings> = {
  'hls-ads': { hlsPackage: { hlsManifests: [{ manifestName: 'ads', adMarkers: 'SCTE35_ENHANCED' }, { manifestName: 'plain' }], segmentDurationSeconds: 2, useAudioRenditionGroup: true } },
  'cmaf-ads': { cmafPackage: { hlsManifests: [{ manifestName: 'ads', adMarkers: 'PASSTHROUGH' }, { manifestName: 'none', adMarkers: 'NONE' }], segmentDurationSeconds: 2 } },
  'dash-ads': { dashPackage: { dashManifests: [{ manifestName: 'periods', scteMarkersSource: 'MANIFEST' }], periodTriggers: ['ADS'], segmentDurationSeconds: 2 } },
  'dash-one-period': { dashPackage: { dashManifests: [{ manifestName: 'one', scteMarkersSource: 'MANIFEST' }, { manifestName: 'plain' }], segmentDurationSeconds: 2 } },
};

let origin: TestOrigin;
const urls: Record<string, string> = {};
before(async () => {
  origin = await startOrigin({ fixtures: ['breaks'], listen: true });
  for (const [id, settings] of Object.entries(configurations)) {
    await origin.kinora.catalog.putConfiguration({ id, packagingGroupId: DEFAULT_GROUP_ID, arn: arnOf('packaging-configurations', id), hash: newHash(), createdAt: new Date().toISOString(), tags: {}, ...settings });
  }
  const group = (await origin.kinora.catalog.getGroup(DEFAULT_GROUP_ID))!;
  for (const e of egressUrls(origin.baseUrl, group, await origin.kinora.catalog.listConfigurations(DEFAULT_GROUP_ID), origin.assets.breaks)) urls[`${e.packagingConfigurationId}/${e.url.split('/').pop()}`] = e.url;
});
after(async () => {
  await origin?.close();
});

async function text(url: string): Promise<string> {
  const r = await fetch(url);
  const body = await r.text();
  assert.equal(r.status, 200, `${url}: ${body}`);
  return body;
}

/** The media playlists a multivariant playlist names (video variants and audio renditions), parsed by hls-parser. */
async function mediaPlaylists(url: string): Promise<{ uri: string; playlist: any }[]> {
  const mv: any = HLS.parse(await text(url));
  const uris = new Set<string>([...mv.variants.map((v: any) => v.uri), ...mv.variants.flatMap((v: any) => v.audio.map((a: any) => a.uri)).filter(Boolean)]);
  return Promise.all([...uris].map(async (uri) => ({ uri, playlist: HLS.parse(await text(new URL(uri, url).href)) })));
}

/** Each segment's start time and its markers, as hls-parser reads them. */
function markersOf(playlist: any): { at: number; markers: any[] }[] {
  let at = 0;
  const out: { at: number; markers: any[] }[] = [];
  for (const s of playlist.segments) {
    if (s.markers.length > 0) out.push({ at: Math.round(at * 10) / 10, markers: s.markers });
    at += s.duration;
  }
  return out;
}

test('SCTE35_ENHANCED (HLS-TS): CUE-OUT of 4 s at 8 s, CUE-OUT-CONT inside, CUE-IN at 12 s, in video and audio playlists', async () => {
  const playlists = await mediaPlaylists(urls['hls-ads/ads.m3u8']);
  assert.equal(playlists.length, 2, 'one video, one audio rendition');
  for (const { uri, playlist } of playlists) {
    assert.match(uri, /\/media-ads\.m3u8$/, 'the manifest has its own media playlists');
    const marked = markersOf(playlist);
    assert.deepEqual(
      marked.map(({ at, markers }) => [at, markers.map((m: any) => (m.type === 'RAW' ? m.tagName : `${m.type}${m.duration !== undefined ? `:${m.duration}` : ''}`))]),
      [
        [8, ['EXT-OATCLS-SCTE35', 'OUT:4']],
        [10, ['EXT-X-CUE-OUT-CONT']],
        [12, ['EXT-OATCLS-SCTE35', 'IN']],
      ],
      uri,
    );
    const cont = marked[1].markers[0].value as string;
    assert.match(cont, /^ElapsedTime=[0-9]+\.[0-9]{3},Duration=4,SCTE35=[A-Za-z0-9+/]+=*$/);
    assert.ok(Math.abs(Number(/ElapsedTime=([0-9.]+)/.exec(cont)![1]) - 2) < 0.05, `${uri}: ${cont}`);
    const message = bytesFromBase64(marked[0].markers[0].value);
    assert.equal(message[0], 0xfc, 'a splice_info_section');
    assert.equal(message[13], 0x05, 'splice_insert');
    assert.equal(crc32Mpeg2(message), 0, 'its CRC holds');
    assert.equal(cont.split('SCTE35=')[1], marked[0].markers[0].value);
  }
  // The other manifest of the configuration is unchanged.
  for (const { uri, playlist } of await mediaPlaylists(urls['hls-ads/plain.m3u8'])) {
    assert.match(uri, /\/media\.m3u8$/);
    assert.deepEqual(markersOf(playlist), []);
  }
});

test('PASSTHROUGH (CMAF): the source\'s own tags at 8 s and 12 s; NONE writes none', async () => {
  const [{ playlist }] = await mediaPlaylists(urls['cmaf-ads/ads.m3u8']);
  assert.deepEqual(
    markersOf(playlist).map(({ at, markers }) => [at, markers.map((m: any) => `${m.type}${m.duration !== undefined ? `:${m.duration}` : ''}`)]),
    [
      [8, ['OUT:4']],
      [12, ['IN']],
    ],
  );
  const raw = await text(new URL((await mediaPlaylists(urls['cmaf-ads/ads.m3u8']))[0].uri, urls['cmaf-ads/ads.m3u8']).href);
  assert.match(raw, /\n#EXT-X-CUE-OUT:DURATION=4\n#EXTINF/, 'verbatim, as the source wrote it');
  assert.doesNotMatch(raw, /OATCLS/);
  for (const { playlist: none } of await mediaPlaylists(urls['cmaf-ads/none.m3u8'])) assert.deepEqual(markersOf(none), []);
});

test('a clip has no ad markers (its timeline is not the source\'s), as DASH has no ad Periods there', async () => {
  const clipped = urls['hls-ads/ads.m3u8'].replace(/ads\.m3u8$/, 'clip/6000-14000/ads.m3u8');
  for (const { playlist } of await mediaPlaylists(clipped)) assert.deepEqual(markersOf(playlist), []);
});

/** Each Period's start and its EventStream events: [presentationTime, duration, outOfNetworkIndicator, ptsTime, break duration]. */
function periodEvents(mpd: string): [string, (string | undefined)[][]][] {
  return [...mpd.matchAll(/<Period id="\d+" start="([^"]+)">([\s\S]*?)<\/Period>/g)].map(([, start, body]) => [
    start,
    [...body.matchAll(/<Event presentationTime="(\d+)"(?: duration="(\d+)")? id="\d+">([\s\S]*?)<\/Event>/g)].map(([, time, duration, event]) => [
      time,
      duration,
      /outOfNetworkIndicator="(true|false)"/.exec(event)?.[1],
      /<scte35:SpliceTime ptsTime="(\d+)"\/>/.exec(event)?.[1],
      /<scte35:BreakDuration autoReturn="true" duration="(\d+)"\/>/.exec(event)?.[1],
    ]),
  ]);
}

/** The break's times on the output timeline (the source's ad starts at its first video frame after 8 s), in 90 kHz ticks. */
async function breakTicks(): Promise<[number, number]> {
  const index = await origin.kinora.packager.plan(origin.assets.breaks, 2);
  const [start, end] = ['ad-start', 'ad-end'].map((kind) => index.index.breaks!.find((b) => b.kind === kind)!.startSeconds);
  assert.ok(Math.abs(start - 8) < 0.05 && Math.abs(end - 12) < 0.05, `breaks at ${start} and ${end}`);
  return [Math.round(start * 90_000), Math.round(end * 90_000)];
}

test('DASH scteMarkersSource MANIFEST with periodTriggers ADS: the ad Period opens with a splice_insert out of 4 s, the next with the return', async () => {
  const [out, back] = await breakTicks();
  const mpd = await text(urls['dash-ads/periods.mpd']);
  assert.match(mpd, /<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" xmlns:scte35="http:\/\/www\.scte\.org\/schemas\/35\/2016"/);
  assert.match(mpd, new RegExp(`<Period id="2" start="PT8\\.021S">\\n    <EventStream schemeIdUri="urn:scte:scte35:2013:xml" timescale="90000" presentationTimeOffset="${out}">`));
  // A discontinuity and the CUE-OUT at the same place start one Period: three in all, none empty.
  assert.deepEqual(periodEvents(mpd), [
    ['PT0S', []],
    ['PT8.021S', [[String(out), '360000', 'true', String(out), '360000']]],
    ['PT12.021S', [[String(back), undefined, 'false', String(back), undefined]]],
  ]);
  assert.doesNotMatch(mpd, /<Period[^>]*>\n  <\/Period>/, 'no empty Period');
});

test('DASH scteMarkersSource MANIFEST without periodTriggers: the same events (the discontinuities make the Periods); a manifest without it has none', async () => {
  assert.deepEqual(periodEvents(await text(urls['dash-one-period/one.mpd'])), periodEvents(await text(urls['dash-ads/periods.mpd'])));
  const plain = await text(urls['dash-one-period/plain.mpd']);
  assert.doesNotMatch(plain, /EventStream|scte35/);
});
