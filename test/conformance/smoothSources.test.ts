/**
 * ffmpeg decodes Kinora's Smooth Streaming output of every kind of source, not
 * only `ladder` (smooth.test.ts): audio muxed into the video TS (`muxed`), an
 * fMP4 source (`fmp4`, whose video timescale is not 90 kHz) and H.265
 * (`hevc`, FourCC HVC1). As in smooth.test.ts, ffmpeg has no Smooth client,
 * so each quality level's fragments are appended to the CMAF header of the
 * same track (track 1, same timescale, served by the CMAF configuration of
 * the same asset), which is what a Smooth client builds from the manifest's
 * CodecPrivateData; the result must decode with no error, with the source
 * track's frame count and duration.
 *
 * And a Smooth clip: `?start=10&end=20` on `index.ism/Manifest` redirects to
 * `clip/10000-20000/index.ism/Manifest`, whose fragments decode, start at 0
 * and last about 10 s (boundaries snap outward to 2 s segments).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOrigin, type TestOrigin } from '../support/startOrigin.ts';
import { readSourceIndex } from '../../src/media/index/readSourceIndex.ts';
import type { SourceIndex } from '../../src/media/index/SourceIndex.ts';
import type { FixtureName } from '../../scripts/fixtures.ts';
import { probeDecoded } from '../support/probeDecoded.ts';

const fixtures: FixtureName[] = ['muxed', 'fmp4', 'hevc'];
/** The Smooth configuration of the test origin: 2 s fragments. */
const SEGMENT_SECONDS = 2;

let origin: TestOrigin;
let work: string;
const indexes: Record<string, SourceIndex> = {};
before(async () => {
  origin = await startOrigin({ fixtures, listen: true });
  for (const f of fixtures) indexes[f] = readSourceIndex((await origin.kinora.catalog.getAssetIndex(f))!);
  work = mkdtempSync(join(tmpdir(), 'kinora-mss-sources-'));
});
after(async () => {
  await origin?.close();
  rmSync(work, { recursive: true, force: true });
});

async function bytes(url: string): Promise<Uint8Array> {
  const r = await fetch(url);
  assert.equal(r.status, 200, `${url}: ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

interface SmoothStream {
  type: 'video' | 'audio';
  name: string;
  timescale: number;
  bitrates: string[];
  chunks: { t: number; d: number }[];
}

/** The video and audio StreamIndexes of a Smooth manifest (MS-SSTR 2.2.2.3), with each `<c>`'s t and d. */
function readStreams(xml: string): SmoothStream[] {
  return [...xml.matchAll(/<StreamIndex Type="(video|audio)" Name="([^"]+)"[^>]*TimeScale="(\d+)"[^>]*>([\s\S]*?)<\/StreamIndex>/g)].map(([, type, name, timescale, body]) => ({
    type: type as 'video' | 'audio',
    name,
    timescale: Number(timescale),
    bitrates: [...body.matchAll(/<QualityLevel Index="(\d+)" Bitrate="(\d+)"/g)].map((m) => m[2]),
    chunks: [...body.matchAll(/<c t="(\d+)" d="(\d+)"/g)].map((m) => ({ t: Number(m[1]), d: Number(m[2]) })),
  }));
}

/**
 * One quality level as a playable fMP4 file: the CMAF header of `trackId` then
 * every fragment the manifest lists. (The same construction as smooth.test.ts.)
 */
async function assemble(manifestUrl: string, cmafBase: string, trackId: string, stream: SmoothStream, bitrate: string, file: string): Promise<void> {
  const parts = [await bytes(`${cmafBase}${trackId}/init.mp4`)];
  for (const { t } of stream.chunks) parts.push(await bytes(manifestUrl.replace(/Manifest$/, `QualityLevels(${bitrate})/Fragments(${stream.name}=${t})`)));
  writeFileSync(file, Buffer.concat(parts));
}

describe('every quality level of every stream decodes, with the source track\'s frame count and duration', () => {
  for (const fixture of fixtures) {
    it(fixture, async () => {
      const manifestUrl = origin.urls[fixture]['mss-2s'];
      const cmafBase = origin.urls[fixture]['kinora-default-cmaf'].replace(/index\.m3u8$/, '');
      const index = indexes[fixture];
      const streams = readStreams(await (await fetch(manifestUrl)).text());
      assert.deepEqual(streams.map((s) => s.type).sort(), ['audio', 'video']);
      let checked = 0;
      for (const stream of streams) {
        const tracks = index.tracks.filter((t) => t.track.kind === stream.type);
        assert.equal(stream.bitrates.length, tracks.length, `${fixture} ${stream.name}: one QualityLevel per source track`);
        for (const [level, bitrate] of stream.bitrates.entries()) {
          const track = tracks[level];
          const file = join(work, `${fixture}-${stream.name}-${bitrate}.mp4`);
          await assemble(manifestUrl, cmafBase, track.track.id, stream, bitrate, file);
          const decoded = await probeDecoded(file, '0');
          assert.equal(decoded.errors, '', `${fixture} ${stream.name} ${bitrate}: ffmpeg reported errors`);
          assert.equal(decoded.frames, track.samples.count, `${fixture} ${stream.name} ${bitrate}: decoded frames`);
          // The manifest's chunks cover what decodes, to a frame.
          const frameSeconds = stream.type === 'video' ? 1 / (track.track.frameRate ?? 25) : 1024 / (track.track.sampleRate ?? 48000);
          const listed = stream.chunks.reduce((sum, c) => sum + c.d, 0) / stream.timescale;
          assert.ok(Math.abs(decoded.seconds - listed) <= frameSeconds + 1e-3, `${fixture} ${stream.name} ${bitrate}: decoded ${decoded.seconds} s, manifest lists ${listed} s`);
          checked++;
        }
      }
      assert.equal(checked, index.tracks.length);
    });
  }
});

describe('Smooth clip', () => {
  it('?start=10&end=20 redirects to clip/10000-20000/index.ism/Manifest; its fragments decode, from 0, about 10 s long', async () => {
    const fixture = 'muxed';
    const manifest = origin.urls[fixture]['mss-2s'];
    const redirect = await fetch(`${manifest}?start=10&end=20`, { redirect: 'manual' });
    assert.equal(redirect.status, 302, await redirect.text());
    const clipUrl = new URL(redirect.headers.get('location')!, manifest).href;
    assert.equal(clipUrl, manifest.replace(/index\.ism\/Manifest$/, 'clip/10000-20000/index.ism/Manifest'));

    const xml = await (await fetch(clipUrl)).text();
    const declared = /<SmoothStreamingMedia [^>]*Duration="(\d+)"[^>]*TimeScale="(\d+)"/.exec(xml);
    assert.ok(declared, 'SmoothStreamingMedia Duration and TimeScale');
    const declaredSeconds = Number(declared[1]) / Number(declared[2]);
    // Boundaries snap outward to segment boundaries: the clip covers 10-20 s and is at most one segment longer.
    const frame = 1 / 25;
    assert.ok(declaredSeconds >= 10 - frame && declaredSeconds <= 10 + SEGMENT_SECONDS + frame, `clip Duration ${declaredSeconds} s`);

    const index = indexes[fixture];
    const cmafBase = origin.urls[fixture]['kinora-default-cmaf'].replace(/index\.m3u8$/, '');
    const streams = readStreams(xml);
    assert.deepEqual(streams.map((s) => s.type).sort(), ['audio', 'video']);
    for (const stream of streams) {
      // The clip has its own timeline, starting at zero (as the other formats' clips).
      assert.ok(stream.chunks[0].t / stream.timescale < 0.05, `${stream.name}: first t ${stream.chunks[0].t}`);
      const tracks = index.tracks.filter((t) => t.track.kind === stream.type);
      for (const [level, bitrate] of stream.bitrates.entries()) {
        const track = tracks[level];
        const file = join(work, `clip-${stream.name}-${bitrate}.mp4`);
        await assemble(clipUrl, cmafBase, track.track.id, stream, bitrate, file);
        const decoded = await probeDecoded(file, '0');
        assert.equal(decoded.errors, '', `clip ${stream.name} ${bitrate}: ffmpeg reported errors`);
        const frameSeconds = stream.type === 'video' ? frame : 1024 / (track.track.sampleRate ?? 48000);
        assert.ok(Math.abs(decoded.seconds - 10) <= SEGMENT_SECONDS + frameSeconds, `clip ${stream.name} ${bitrate}: decoded ${decoded.seconds} s`);
        if (stream.type === 'video') {
          // Every frame of the listed fragments decodes: their durations over the frame duration.
          const listedFrames = stream.chunks.reduce((sum, c) => sum + c.d, 0) / (stream.timescale * frame);
          assert.equal(decoded.frames, Math.round(listedFrames), `clip ${stream.name} ${bitrate}: decoded frames`);
          assert.ok(decoded.frames < track.samples.count, 'fewer frames than the whole asset');
        }
      }
    }
  });
});
