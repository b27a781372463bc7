/**
 * MediaPackage's `aws.manifestfilter` on every manifest type, its error rules,
 * and the configuration's `streamSelection`, through the origin's HTTP layer
 * on the `ladder` fixture (video 180p/270p/360p at ~250/500/900 kb/s + audio).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startOrigin, type TestOrigin } from '../support/startOrigin.ts';
import { arnOf } from '../../src/catalog/arns.ts';
import { newHash } from '../../src/catalog/newHash.ts';
import { DEFAULT_GROUP_ID } from '../../src/catalog/ensureDefaultPackaging.ts';
import { egressUrls } from '../../src/origin/egressUrls.ts';
import type { PackageSettings } from '../../src/catalog/records.ts';
import { readMultivariantPlaylist } from '../../src/media/hls/readMultivariantPlaylist.ts';

const selections: Record<string, PackageSettings> = {
  'cmaf-selected': { cmafPackage: { hlsManifests: [{ streamSelection: { minVideoBitsPerSecond: 300_000, streamOrder: 'VIDEO_BITRATE_DESCENDING' } }] } },
  'dash-selected': { dashPackage: { dashManifests: [{ streamSelection: { maxVideoBitsPerSecond: 600_000, streamOrder: 'VIDEO_BITRATE_DESCENDING' } }] } },
  'cmaf-none': { cmafPackage: { hlsManifests: [{ streamSelection: { minVideoBitsPerSecond: 50_000_000 } }] } },
};

let origin: TestOrigin;
const urls: Record<string, string> = {};
before(async () => {
  origin = await startOrigin({ fixtures: ['ladder'] });
  for (const [id, settings] of Object.entries(selections)) {
    await origin.kinora.catalog.putConfiguration({ id, packagingGroupId: DEFAULT_GROUP_ID, arn: arnOf('packaging-configurations', id), hash: newHash(), createdAt: new Date().toISOString(), tags: {}, ...settings });
  }
  const group = (await origin.kinora.catalog.getGroup(DEFAULT_GROUP_ID))!;
  for (const e of egressUrls('', group, await origin.kinora.catalog.listConfigurations(DEFAULT_GROUP_ID), origin.assets.ladder)) urls[e.packagingConfigurationId] = e.url;
});
after(() => origin?.close());

const get = (url: string) => origin.app.inject({ method: 'GET', url });
const withFilter = (url: string, filter: string) => `${url}?aws.manifestfilter=${encodeURIComponent(filter)}`;
const heights = (playlist: string) => readMultivariantPlaylist(playlist).variants.map((v) => v.resolution?.height);

describe('aws.manifestfilter on each manifest type', () => {
  test('HLS (CMAF and TS): video_height range keeps the matching variants', async () => {
    for (const config of ['kinora-default-cmaf', 'hls-ts']) {
      const r = await get(withFilter(urls[config], 'video_height:200-400'));
      assert.equal(r.statusCode, 200, r.body);
      assert.deepEqual(heights(r.body), [270, 360]);
    }
  });

  test('DASH: video_bitrate and audio_language (an unknown language is not an error: audio goes, video stays)', async () => {
    const r = await get(withFilter(urls['kinora-default-dash'], 'video_bitrate:0-400000;audio_language:zz'));
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual([...r.body.matchAll(/<Representation id="([^"]+)"/g)].map((m) => m[1]), ['v1']);
  });

  test('Smooth: the filtered manifest keeps the fragment addresses of the unfiltered one', async () => {
    const full = (await get(urls['mss-2s'])).body;
    const r = await get(withFilter(urls['mss-2s'], 'video_height:300-2000'));
    assert.equal(r.statusCode, 200, r.body);
    const levels = (xml: string) => [...xml.matchAll(/<QualityLevel [^>]*Bitrate="(\d+)"[^>]*MaxHeight="(\d+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    assert.deepEqual(levels(r.body), levels(full).filter(([, h]) => h === 360));
  });

  test('the filter is part of the manifest identity: different filters, different ETags', async () => {
    const a = await get(withFilter(urls['kinora-default-cmaf'], 'video_height:1-200'));
    const b = await get(withFilter(urls['kinora-default-cmaf'], 'video_height:200-400'));
    const c = await get(urls['kinora-default-cmaf']);
    assert.equal(new Set([a.headers.etag, b.headers.etag, c.headers.etag]).size, 3);
    assert.deepEqual(heights(c.body), [180, 270, 360]);
  });
});

describe('aws.manifestfilter errors (MediaPackage rules)', () => {
  const cases: [string, string, string][] = [
    ['a duplicate parameter', 'video_height:1-200;video_height:300-400', 'MANIFEST_FILTER_DUPLICATE_PARAMETER'],
    ['an unknown parameter', 'video_colour:red', 'MANIFEST_FILTER_UNKNOWN_PARAMETER'],
    ['an inverted range', 'video_bitrate:900000-1', 'MANIFEST_FILTER_INVERTED_RANGE'],
    ['a value over INT_MAX', 'video_bitrate:0-2147483648', 'MANIFEST_FILTER_VALUE_TOO_LARGE'],
    ['a malformed query', 'video_height', 'MANIFEST_FILTER_MALFORMED'],
    ['more than 1,024 characters', `audio_language:${'x,'.repeat(600)}en`, 'MANIFEST_FILTER_TOO_LONG'],
    ['a filter that leaves no video', 'video_height:2000-3000', 'MANIFEST_FILTER_EMPTY'],
  ];
  for (const [what, filter, code] of cases) {
    test(`400 for ${what}`, async () => {
      const r = await get(withFilter(urls['kinora-default-cmaf'], filter));
      assert.equal(r.statusCode, 400, r.body);
      assert.equal(JSON.parse(r.body).code, code);
    });
  }

  test('400 for the parameter given twice', async () => {
    const r = await get(`${urls['kinora-default-dash']}?aws.manifestfilter=video_height:1-200&aws.manifestfilter=video_height:1-300`);
    assert.equal(r.statusCode, 400);
    assert.equal(JSON.parse(r.body).code, 'MANIFEST_FILTER_REPEATED');
  });

  test('400 for a filter on a child playlist or a segment', async () => {
    for (const child of ['v1/media.m3u8', 'v1/1.m4s', 'v1/init.mp4']) {
      const r = await get(withFilter(urls['kinora-default-cmaf'].replace(/[^/]+$/, child), 'video_height:1-200'));
      assert.equal(r.statusCode, 400, child);
      assert.equal(JSON.parse(r.body).code, 'QUERY_NOT_ALLOWED');
    }
  });

  test('beyond MediaPackage (which answers 400): other query strings on a child playlist or a segment (CDN tokens, cache busters) are answered as without them', async () => {
    for (const child of ['v1/media.m3u8', 'v1/1.m4s', 'v1/init.mp4', 'a1/1.m4s']) {
      const url = urls['kinora-default-cmaf'].replace(/[^/]+$/, child);
      const plain = await get(url);
      const tokened = await get(`${url}?token=exp=1767225600~hmac=0a1b2c&cb=42`);
      assert.equal(plain.statusCode, 200, child);
      assert.equal(tokened.statusCode, 200, child);
      assert.ok(tokened.rawPayload.equals(plain.rawPayload), `${child}: the same bytes`);
    }
  });
});

describe('streamSelection', () => {
  test('HLS: minimum bitrate and descending order', async () => {
    assert.deepEqual(heights((await get(urls['cmaf-selected'])).body), [360, 270]);
  });
  test('DASH: maximum bitrate and descending order', async () => {
    const mpd = (await get(urls['dash-selected'])).body;
    assert.deepEqual([...mpd.matchAll(/<Representation id="(v\d)"/g)].map((m) => m[1]), ['v2', 'v1']);
  });
  test('bounds that exclude every rendition: 404 STREAM_SELECTION_EMPTY', async () => {
    const r = await get(urls['cmaf-none']);
    assert.equal(r.statusCode, 404);
    assert.equal(JSON.parse(r.body).code, 'STREAM_SELECTION_EMPTY');
  });
});
