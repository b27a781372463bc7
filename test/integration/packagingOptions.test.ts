/**
 * Per-configuration packaging options on the CMAF and DASH outputs:
 * `includeEncoderConfigurationInSegments` (avc3 + parameter sets in every key
 * frame), DASH `profile: HBBTV_1_5`, `minBufferTimeSeconds` and
 * `manifestLayout`. Each checked on the bytes and manifests the origin serves.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { dirname, join } from 'node:path';
import { ensureFixture } from '../../scripts/fixtures.ts';
import { startOrigin, type TestOrigin } from '../support/startOrigin.ts';
import { arnOf } from '../../src/catalog/arns.ts';
import { newHash } from '../../src/catalog/newHash.ts';
import { DEFAULT_GROUP_ID } from '../../src/catalog/ensureDefaultPackaging.ts';
import { egressUrls } from '../../src/origin/egressUrls.ts';
import type { PackageSettings } from '../../src/catalog/records.ts';
import { readInitSegment } from '../../src/media/isobmff/readInitSegment.ts';
import { readMediaSegment } from '../../src/media/isobmff/readMediaSegment.ts';

const run = promisify(execFile);
const configurations: Record<string, PackageSettings> = {
  'cmaf-pdt': { cmafPackage: { hlsManifests: [{}, { manifestName: 'dated', programDateTimeIntervalSeconds: 10 }], segmentDurationSeconds: 6 } },
  'dash-hbbtv': { dashPackage: { dashManifests: [{ manifestName: 'hbbtv', profile: 'HBBTV_1_5', minBufferTimeSeconds: 9, manifestLayout: 'COMPACT' }], segmentDurationSeconds: 4 } },
};

let origin: TestOrigin;
const urls: Record<string, string> = {};

before(async () => {
  origin = await startOrigin({ fixtures: ['ladder'], listen: true });
  for (const [id, settings] of Object.entries(configurations)) {
    await origin.kinora.catalog.putConfiguration({ id, packagingGroupId: DEFAULT_GROUP_ID, arn: arnOf('packaging-configurations', id), hash: newHash(), createdAt: new Date().toISOString(), tags: {}, ...settings });
  }
  const group = (await origin.kinora.catalog.getGroup(DEFAULT_GROUP_ID))!;
  for (const e of egressUrls(origin.baseUrl, group, await origin.kinora.catalog.listConfigurations(DEFAULT_GROUP_ID), origin.assets.ladder)) {
    urls[e.url.endsWith('/dated.m3u8') ? 'cmaf-pdt-dated' : e.packagingConfigurationId] = e.url;
  }
});
after(() => origin?.close());

async function fetchBytes(url: string): Promise<Uint8Array> {
  const r = await fetch(url);
  assert.equal(r.status, 200, `${url}: ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

/** NAL unit types of a length-prefixed H.264 sample. */
function nalTypes(data: Uint8Array): number[] {
  const types = [];
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let at = 0; at < data.byteLength; at += 4 + view.getUint32(at)) types.push(data[at + 4] & 0x1f);
  return types;
}

async function samplesOf(url: string, init: ReturnType<typeof readInitSegment>) {
  const bytes = await fetchBytes(url);
  return readMediaSegment(bytes, init)[0].samples.map((s) => ({ ...s, data: bytes.subarray(s.offset, s.offset + s.size) }));
}

/** Decoded frames of the source's first rendition. */
async function sourceFrames(): Promise<number> {
  const source = join(dirname(await ensureFixture('ladder')), 'ladder_180p.m3u8');
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-count_frames', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', source]);
  return Number(stdout.trim().split(/\s+/)[0]);
}

describe('includeEncoderConfigurationInSegments', () => {
  for (const config of ['cmaf-inband', 'dash-inband']) {
    test(`${config}: avc3 sample entry, avc3 codec strings, SPS+PPS before every IDR`, async () => {
      const manifest = await (await fetch(urls[config])).text();
      assert.match(manifest, /avc3\.64/);
      assert.doesNotMatch(manifest, /avc1\./);
      const base = urls[config].replace(/[^/]+$/, '');
      const init = readInitSegment(await fetchBytes(`${base}v1/init.mp4`));
      assert.equal(init.tracks[0].sampleEntry, 'avc3');
      const samples = await samplesOf(`${base}v1/2.m4s`, init);
      assert.ok(samples[0].isSync);
      assert.deepEqual(nalTypes(samples[0].data).slice(0, 3), [7, 8, 5]);
      for (const s of samples.slice(1)) if (!s.isSync) assert.ok(!nalTypes(s.data).includes(7), 'no SPS in a non-sync sample');
      // The default configuration of the same asset keeps parameter sets out of band.
      const clearBase = origin.urls.ladder['kinora-default-cmaf'].replace(/[^/]+$/, '');
      const clear = await samplesOf(`${clearBase}v1/2.m4s`, readInitSegment(await fetchBytes(`${clearBase}v1/init.mp4`)));
      assert.ok(!nalTypes(clear[0].data).includes(7));
    });

    test(`${config}: ffmpeg decodes it with the source's frame count`, async () => {
      const { stdout, stderr } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-count_frames', '-show_entries', 'stream=nb_read_frames,codec_tag_string', '-of', 'json', urls[config]]);
      assert.equal(stderr.trim(), '');
      const stream = JSON.parse(stdout).streams[0];
      assert.equal(Number(stream.nb_read_frames), await sourceFrames());
    });
  }
});

describe('DASH manifest settings', () => {
  test('HBBTV_1_5 profile, minBufferTime and COMPACT layout', async () => {
    const mpd = await (await fetch(urls['dash-hbbtv'])).text();
    assert.match(urls['dash-hbbtv'], /\/hbbtv\.mpd$/);
    assert.match(mpd, /profiles="urn:hbbtv:dash:profile:isoff-live:2012,urn:mpeg:dash:profile:isoff-live:2011"/);
    assert.match(mpd, /minBufferTime="PT9S"/);
    // COMPACT: one SegmentTemplate per AdaptationSet (video + audio), none per Representation.
    assert.equal(mpd.match(/<SegmentTemplate/g)?.length, 2);
  });
});

describe('programDateTimeIntervalSeconds', () => {
  test('only the manifest that asks for it gets dated media playlists, from the ingest time', async () => {
    const plain = await (await fetch(urls['cmaf-pdt'])).text();
    const dated = await (await fetch(urls['cmaf-pdt-dated'])).text();
    assert.match(plain, /^v1\/media\.m3u8$/m);
    assert.match(dated, /^v1\/media-dated\.m3u8$/m);
    const base = urls['cmaf-pdt'].replace(/[^/]+$/, '');
    const undated = await (await fetch(`${base}v1/media.m3u8`)).text();
    assert.doesNotMatch(undated, /PROGRAM-DATE-TIME/);
    const media = await (await fetch(`${base}v1/media-dated.m3u8`)).text();
    const stamps = [...media.matchAll(/^#EXT-X-PROGRAM-DATE-TIME:(.+)$/gm)].map((m) => Date.parse(m[1]));
    const created = Date.parse(origin.assets.ladder.createdAt);
    // 30 s of 6 s segments, one date every >= 10 s of media: 0, 12, 24 (plus the
    // source's start time, a few ms, which the timeline keeps).
    assert.deepEqual(stamps.map((t) => Math.round((t - created) / 1000)), [0, 12, 24]);
    assert.deepEqual([stamps[1] - stamps[0], stamps[2] - stamps[1]], [12000, 12000]);
    const missing = await fetch(`${base}v1/media-nosuch.m3u8`);
    assert.equal(missing.status, 404);
  });
});
