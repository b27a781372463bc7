/**
 * Trick play: `includeIframeOnlyStream` gives HLS `EXT-X-I-FRAME-STREAM-INF`
 * playlists whose `EXT-X-BYTERANGE`s point into the regular segments, for
 * HLS-TS and CMAF alike; every I-frame range, cut out alone (after the init
 * segment for CMAF), decodes to exactly one picture in ffmpeg.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startOrigin, type TestOrigin } from '../support/startOrigin.ts';
import { arnOf } from '../../src/catalog/arns.ts';
import { newHash } from '../../src/catalog/newHash.ts';
import { DEFAULT_GROUP_ID } from '../../src/catalog/ensureDefaultPackaging.ts';
import { egressUrls } from '../../src/origin/egressUrls.ts';
import type { PackageSettings } from '../../src/catalog/records.ts';
import { readMultivariantPlaylist } from '../../src/media/hls/readMultivariantPlaylist.ts';
import { readMediaPlaylist } from '../../src/media/hls/readMediaPlaylist.ts';

const run = promisify(execFile);
const configurations: Record<string, PackageSettings> = {
  'cmaf-iframes': { cmafPackage: { hlsManifests: [{ includeIframeOnlyStream: true }], segmentDurationSeconds: 6 } },
  'hls-iframes': { hlsPackage: { hlsManifests: [{ includeIframeOnlyStream: true }], segmentDurationSeconds: 6 } },
};

let origin: TestOrigin;
let work: string;
const urls: Record<string, string> = {};
before(async () => {
  work = mkdtempSync(join(tmpdir(), 'kinora-iframes-'));
  origin = await startOrigin({ fixtures: ['ladder'], listen: true });
  for (const [id, settings] of Object.entries(configurations)) {
    await origin.kinora.catalog.putConfiguration({ id, packagingGroupId: DEFAULT_GROUP_ID, arn: arnOf('packaging-configurations', id), hash: newHash(), createdAt: new Date().toISOString(), tags: {}, ...settings });
  }
  const group = (await origin.kinora.catalog.getGroup(DEFAULT_GROUP_ID))!;
  for (const e of egressUrls(origin.baseUrl, group, await origin.kinora.catalog.listConfigurations(DEFAULT_GROUP_ID), origin.assets.ladder)) urls[e.packagingConfigurationId] = e.url;
});
after(async () => {
  await origin?.close();
  rmSync(work, { recursive: true, force: true });
});

async function bytes(url: string, range?: string): Promise<Uint8Array> {
  const r = await fetch(url, { headers: range ? { Range: range } : {} });
  assert.equal(r.status, range ? 206 : 200, url);
  return new Uint8Array(await r.arrayBuffer());
}

for (const config of ['cmaf-iframes', 'hls-iframes']) {
  test(`${config}: I-frame stream of the first rendition; every range decodes alone to one picture`, async () => {
    const mv = await (await fetch(urls[config])).text();
    const line = mv.split('\n').find((l) => l.startsWith('#EXT-X-I-FRAME-STREAM-INF:'));
    assert.ok(line, mv);
    assert.match(line, /BANDWIDTH=\d+,CODECS="avc1\.[0-9a-f]+",RESOLUTION=320x180,URI="v1\/iframes\.m3u8"/);
    assert.equal(readMultivariantPlaylist(mv).variants.length, 3);
    assert.doesNotMatch(await (await fetch(origin.urls.ladder['kinora-default-cmaf'])).text(), /I-FRAME/);

    const base = urls[config].replace(/[^/]+$/, 'v1/');
    const text = await (await fetch(`${base}iframes.m3u8`)).text();
    assert.match(text, /#EXT-X-I-FRAMES-ONLY/);
    const playlist = readMediaPlaylist(text);
    // 2 s GOPs: TS lists every key frame (15 in 30 s); CMAF one per 6 s segment.
    assert.equal(playlist.segments.length, config === 'hls-iframes' ? 15 : 5);
    const total = playlist.segments.reduce((n, s) => n + s.durationSeconds, 0);
    assert.ok(Math.abs(total - 30) < 0.2, `I-frame durations sum to ${total}`);
    const init = config === 'cmaf-iframes' ? await bytes(`${base}init.mp4`) : new Uint8Array(0);
    for (const [i, segment] of playlist.segments.entries()) {
      const { offset, length } = segment.byteRange!;
      const range = await bytes(`${base}${segment.uri}`, `bytes=${offset}-${offset + length - 1}`);
      const file = join(work, `${config}-${i}.${config === 'hls-iframes' ? 'ts' : 'mp4'}`);
      writeFileSync(file, Buffer.concat([init, range]));
      const { stdout } = await run('ffprobe', ['-v', 'quiet', '-select_streams', 'v:0', '-count_frames', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', file]);
      assert.equal(Number(stdout.trim().split(/\s+/)[0]), 1, `${segment.uri} ${offset}+${length}`);
    }
  });
}

test('DASH includeIframeOnlyStream: a trickmode AdaptationSet of key frames only, each segment decodable', async () => {
  const id = 'dash-iframes';
  await origin.kinora.catalog.putConfiguration({ id, packagingGroupId: DEFAULT_GROUP_ID, arn: arnOf('packaging-configurations', id), hash: newHash(), createdAt: new Date().toISOString(), tags: {}, dashPackage: { dashManifests: [{}], includeIframeOnlyStream: true } });
  const group = (await origin.kinora.catalog.getGroup(DEFAULT_GROUP_ID))!;
  const url = egressUrls(origin.baseUrl, group, [(await origin.kinora.catalog.getConfiguration(id))!], origin.assets.ladder)[0].url;
  const mpd = await (await fetch(url)).text();
  assert.match(mpd, /<AdaptationSet id="3" contentType="video"[^>]*>\s*<EssentialProperty schemeIdUri="http:\/\/dashif.org\/guidelines\/trickmode" value="1"\/>\s*<Representation id="i1" bandwidth="\d+" codecs="avc1\.[0-9a-f]+" width="320" height="180" sar="1:1" maxPlayoutRate="50" codingDependency="false">/);
  assert.doesNotMatch(await (await fetch(origin.urls.ladder['kinora-default-dash'])).text(), /trickmode/);
  const base = url.replace(/[^/]+$/, 'i1/');
  const init = await bytes(`${base}init.mp4`);
  let frames = 0;
  for (let n = 1; n <= 5; n++) {
    const file = join(work, `trick-${n}.mp4`);
    writeFileSync(file, Buffer.concat([init, await bytes(`${base}${n}.m4s`)]));
    const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-count_frames', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', file]);
    frames += Number(stdout.trim().split(/\s+/)[0]);
  }
  assert.equal(frames, 15, 'one decoded picture per 2 s key frame over 30 s');
});
