/**
 * Smooth Streaming output (`mssPackage`) end to end on embedded adapters: the
 * `ladder` fixture (3 H.264 renditions + AAC, 2 s TS segments, 30 s) under
 * the `mss-2s` configuration, requests through `inject()`.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startOrigin, type TestOrigin } from '../support/startOrigin.ts';
import { readXml, type XmlElement } from '../unit/dash/readXml.ts';
import { findBox } from '../../src/media/isobmff/findBox.ts';
import { iterateBoxes } from '../../src/media/isobmff/iterateBoxes.ts';
import { isTfxd, readTfxd } from '../../src/media/isobmff/boxes/tfxd.ts';
import { readTrun } from '../../src/media/isobmff/boxes/trun.ts';
import type { BoxHeader } from '../../src/media/isobmff/BoxHeader.ts';

let origin: TestOrigin;
let manifestUrl: string;

before(async () => {
  origin = await startOrigin({ fixtures: ['ladder'] });
  assert.equal(origin.assets.ladder.status, 'PLAYABLE', origin.assets.ladder.statusReason);
  manifestUrl = origin.urls.ladder['mss-2s'];
});

after(async () => {
  await origin?.close();
});

const childrenNamed = (element: XmlElement, name: string) => element.children.filter((child) => child.name === name);

/** A path next to the manifest, inside `<name>.ism/` as Smooth clients resolve it. */
function child(path: string, url = manifestUrl): string {
  return url.replace(/Manifest$/, path);
}

function get(url: string) {
  return origin.app.inject({ method: 'GET', url });
}

async function manifest(): Promise<XmlElement> {
  const r = await get(manifestUrl);
  assert.equal(r.statusCode, 200, r.body);
  return readXml(r.body);
}

function errorOf(response: { body: string }): { code: string; message: string } {
  return JSON.parse(response.body);
}

/** moof's traf children and the mdat payload of one fragment. */
function fragmentParts(bytes: Uint8Array): { types: string[]; traf: BoxHeader; mdat: BoxHeader } {
  const top = [...iterateBoxes(bytes)];
  const moof = top.find((b) => b.type === 'moof')!;
  const traf = findBox(bytes, moof, 'traf')!;
  return { types: top.map((b) => b.type), traf, mdat: top.find((b) => b.type === 'mdat')! };
}

test('the manifest is application/vnd.ms-sstr+xml under <name>.ism/Manifest, with explicit t on every chunk', async () => {
  assert.match(manifestUrl, /\/index\.ism\/Manifest$/);
  const r = await get(manifestUrl);
  assert.equal(r.statusCode, 200);
  assert.equal(r.headers['content-type'], 'application/vnd.ms-sstr+xml');
  const root = readXml(r.body);
  assert.equal(root.name, 'SmoothStreamingMedia');
  assert.deepEqual([root.attributes.MajorVersion, root.attributes.MinorVersion, root.attributes.TimeScale], ['2', '2', '10000000']);
  assert.ok(Math.abs(Number(root.attributes.Duration) / 1e7 - 30) < 0.5, root.attributes.Duration);
  const streams = childrenNamed(root, 'StreamIndex');
  assert.deepEqual(streams.map((s) => [s.attributes.Type, s.attributes.Name, s.attributes.QualityLevels]), [['video', 'video', '3'], ['audio', 'audio', '1']]);
  for (const s of streams) {
    const chunks = childrenNamed(s, 'c');
    assert.equal(chunks.length, Number(s.attributes.Chunks));
    assert.equal(chunks.length, 15, '30 s in 2 s fragments');
    for (const c of chunks) assert.ok(c.attributes.t !== undefined && c.attributes.d !== undefined, JSON.stringify(c.attributes));
    const bitrates = childrenNamed(s, 'QualityLevel').map((l) => l.attributes.Bitrate);
    assert.equal(new Set(bitrates).size, bitrates.length);
  }
});

for (const [type, levelIndex] of [['video', 0], ['video', 2], ['audio', 0]] as const) {
  test(`every fragment of ${type} quality level ${levelIndex}: moof+mdat whose tfxd time and duration are the manifest's t and d`, async () => {
    const stream = childrenNamed(await manifest(), 'StreamIndex').find((s) => s.attributes.Type === type)!;
    const level = childrenNamed(stream, 'QualityLevel')[levelIndex];
    const template = stream.attributes.Url.replace('{bitrate}', level.attributes.Bitrate);
    for (const c of childrenNamed(stream, 'c')) {
      const url = child(template.replace('{start time}', c.attributes.t));
      const r = await get(url);
      assert.equal(r.statusCode, 200, `${url}: ${r.body}`);
      assert.equal(r.headers['content-type'], `${type}/mp4`);
      const bytes = new Uint8Array(r.rawPayload);
      const { types, traf, mdat } = fragmentParts(bytes);
      assert.deepEqual(types, ['moof', 'mdat'], url);
      assert.deepEqual([...iterateBoxes(bytes, traf.contentStart, traf.end)].map((b) => b.type), ['tfhd', 'trun', 'uuid'], url);
      const uuid = findBox(bytes, traf, 'uuid')!;
      assert.ok(isTfxd(bytes, uuid), url);
      assert.deepEqual(readTfxd(bytes, uuid), { fragmentAbsoluteTime: Number(c.attributes.t), fragmentDuration: Number(c.attributes.d) }, url);
      const trun = readTrun(bytes, findBox(bytes, traf, 'trun')!);
      assert.equal(trun.samples.reduce((sum, s) => sum + s.duration!, 0), Number(c.attributes.d), url);
      assert.equal(trun.samples.reduce((sum, s) => sum + s.size!, 0), mdat.end - mdat.contentStart, url);
      if (type === 'video') assert.equal(trun.samples[0].flags! & 0x10000, 0, `${url}: the fragment starts with a sync sample`);
    }
  });
}

test('a Smooth fragment carries the same samples as the CMAF segment of the same plan (cmaf-2s)', async () => {
  const stream = childrenNamed(await manifest(), 'StreamIndex').find((s) => s.attributes.Type === 'video')!;
  const bitrate = childrenNamed(stream, 'QualityLevel')[1].attributes.Bitrate;
  const chunks = childrenNamed(stream, 'c');
  for (const n of [1, 8, chunks.length]) {
    const smooth = new Uint8Array((await get(child(`QualityLevels(${bitrate})/Fragments(video=${chunks[n - 1].attributes.t})`))).rawPayload);
    const cmaf = new Uint8Array((await get(origin.urls.ladder['cmaf-2s'].replace(/[^/]+$/, `v2/${n}.m4s`))).rawPayload);
    const a = fragmentParts(smooth);
    const b = fragmentParts(cmaf);
    assert.deepEqual(smooth.subarray(a.mdat.contentStart, a.mdat.end), cmaf.subarray(b.mdat.contentStart, b.mdat.end), `fragment ${n}`);
    const trunOf = (bytes: Uint8Array, traf: BoxHeader) => readTrun(bytes, findBox(bytes, traf, 'trun')!).samples;
    assert.deepEqual(trunOf(smooth, a.traf), trunOf(cmaf, b.traf), `fragment ${n}`);
  }
});

test('unknown time, bitrate, stream or manifest name: 404 with a stable code', async () => {
  const root = await manifest();
  const video = childrenNamed(root, 'StreamIndex')[0];
  const bitrate = childrenNamed(video, 'QualityLevel')[0].attributes.Bitrate;
  const t = Number(childrenNamed(video, 'c')[1].attributes.t);
  const cases: [string, string][] = [
    [child(`QualityLevels(${bitrate})/Fragments(video=${t + 1})`), 'SEGMENT_OUT_OF_RANGE'],
    [child(`QualityLevels(${bitrate})/Fragments(video=999999999)`), 'SEGMENT_OUT_OF_RANGE'],
    [child(`QualityLevels(${Number(bitrate) + 1})/Fragments(video=${t})`), 'TRACK_NOT_FOUND'],
    [child(`QualityLevels(${bitrate})/Fragments(subtitles=${t})`), 'TRACK_NOT_FOUND'],
    [manifestUrl.replace('/index.ism/', '/other.ism/'), 'UNKNOWN_RESOURCE'],
    [child(`QualityLevels(${bitrate})/Fragments(video=${t})`, manifestUrl.replace('/index.ism/', '/other.ism/')), 'UNKNOWN_RESOURCE'],
    [child('v1/1.m4s'), 'UNKNOWN_RESOURCE'],
  ];
  for (const [url, code] of cases) {
    const r = await get(url);
    assert.equal(r.statusCode, 404, `${url}: ${r.body}`);
    assert.equal(errorOf(r).code, code, url);
  }
});

test('Smooth paths are not served by a DASH configuration', async () => {
  const dash = origin.urls.ladder['kinora-default-dash'];
  const r = await get(dash.replace(/index\.mpd$/, 'index.ism/Manifest'));
  assert.equal(r.statusCode, 404);
  assert.equal(errorOf(r).code, 'UNKNOWN_RESOURCE');
});
