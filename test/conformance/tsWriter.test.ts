// The MPEG-TS segment writer against real ffmpeg: fixtures are ingested and read back through the
// production path (indexHlsSource -> planSegments -> planSourceReads -> readIndexedSamples), written
// as TS segments (video alone, audio alone, video + audio muxed) behind a VOD media playlist, and
// ffmpeg must decode them with no error, the same frame count and duration as the source; every
// reported keyframe byte range, cut out alone, must decode to exactly one frame.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { indexHlsSource } from '../../src/ingest/indexHlsSource.ts';
import { SourceReader } from '../../src/storage/SourceReader.ts';
import { FolderObjectStore } from '../../src/storage/FolderObjectStore.ts';
import { planSegments } from '../../src/media/plan/planSegments.ts';
import { planSourceReads } from '../../src/media/index/planSourceReads.ts';
import { readIndexedSamples } from '../../src/media/index/readIndexedSamples.ts';
import type { IndexedTrack, SourceIndex } from '../../src/media/index/SourceIndex.ts';
import type { SegmentPlan } from '../../src/media/plan/SegmentPlan.ts';
import { computeDecodeDelay } from '../../src/media/mp2t/computeDecodeDelay.ts';
import { writeTransportStreamSegment } from '../../src/media/mp2t/writeTransportStreamSegment.ts';
import { ensureFixture, type FixtureName } from '../../scripts/fixtures.ts';
import { probeDecoded } from '../support/probeDecoded.ts';

const run = promisify(execFile);
const reader = new SourceReader(new FolderObjectStore('/nonexistent'));
const SEGMENT_SECONDS = 4;

/** Which tracks go into each output: muxed as with `useAudioRenditionGroup: false`, and alone as with a rendition group. */
const outputs: Record<'ladder' | 'muxed' | 'hevc', string[][]> = {
  ladder: [['v1', 'a1'], ['v2', 'a1'], ['v3', 'a1'], ['v1'], ['a1']],
  muxed: [['v1', 'a1'], ['v2', 'a1']],
  hevc: [['v1', 'a1'], ['v1'], ['a1']],
};

let work: string;
before(async () => {
  work = await mkdtemp(join(tmpdir(), 'kinora-ts-writer-'));
});
after(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});


async function decodeErrors(input: string): Promise<string> {
  const { stderr } = await run('ffmpeg', ['-v', 'error', '-i', input, '-map', '0', '-f', 'null', '-'], { maxBuffer: 16 << 20 });
  return stderr.trim();
}

/** Reads the source bytes a segment's samples need, the way the origin does (by range). */
async function samplesOf(index: SourceIndex, t: IndexedTrack, first: number, end: number) {
  const reads = await Promise.all(planSourceReads(t, first, end).map(async (r) => {
    const file = await readFile(fileURLToPath(index.files[r.file]));
    return { ...r, bytes: new Uint8Array(file.buffer, file.byteOffset + r.start, r.end - r.start) };
  }));
  return readIndexedSamples(t, first, end, reads);
}

/** Writes every segment of one output and its media playlist; returns the playlist path and the keyframe ranges. */
async function writeOutput(index: SourceIndex, plan: SegmentPlan, ids: string[], dir: string) {
  const tracks = ids.map((id) => index.tracks.find((t) => t.track.id === id)!);
  const plans = tracks.map((t) => plan.tracks.find((p) => p.trackId === t.track.id)!);
  const delays = tracks.map((t) => computeDecodeDelay(t.samples.compositionOffset.subarray(0, t.samples.count)));
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-TARGETDURATION:${Math.ceil(plan.targetSeconds) + 1}`, '#EXT-X-PLAYLIST-TYPE:VOD'];
  const keyframeFiles: { path: string; decodeTime: number }[] = [];
  for (let k = 0; k < plans[0].segments.length; k++) {
    const input = await Promise.all(tracks.map(async (t, i) => ({
      track: t.track,
      samples: await samplesOf(index, t, plans[i].starts[k], plans[i].starts[k + 1]),
      decodeDelay: delays[i],
    })));
    const { bytes, keyframes } = writeTransportStreamSegment({ tracks: input });
    const name = `segment_${k + 1}.ts`;
    await writeFile(join(dir, name), bytes);
    lines.push(`#EXTINF:${(plans[0].segments[k].duration / tracks[0].track.timescale).toFixed(5)},`, name);
    const video = input.find((x) => x.track.kind === 'video');
    assert.equal(keyframes.length, video ? video.samples.filter((s) => s.isSync).length : 0);
    for (const [j, kf] of keyframes.entries()) {
      const path = join(dir, `iframe_${k + 1}_${j}.ts`);
      await writeFile(path, bytes.subarray(kf.offset, kf.offset + kf.length));
      keyframeFiles.push({ path, decodeTime: kf.decodeTime });
    }
  }
  lines.push('#EXT-X-ENDLIST', '');
  const playlist = join(dir, 'media.m3u8');
  await writeFile(playlist, lines.join('\n'));
  return { playlist, tracks, keyframeFiles };
}

for (const fixture of Object.keys(outputs) as (keyof typeof outputs & FixtureName)[]) {
  describe(`TS segments from the ${fixture} fixture`, { concurrency: 1 }, () => {
    let index: SourceIndex;
    let plan: SegmentPlan;
    let sourceDir: string;
    before(async () => {
      const master = await ensureFixture(fixture);
      sourceDir = dirname(master);
      index = await indexHlsSource(reader, pathToFileURL(master).href);
      plan = planSegments(index, SEGMENT_SECONDS);
    });

    for (const ids of outputs[fixture]) {
      it(`${ids.join(' + ')}: decodes with no error, same frames and duration as the source, keyframe ranges decode alone`, async () => {
        const dir = join(work, `${fixture}-${ids.join('-')}`);
        await mkdir(dir);
        const { playlist, tracks, keyframeFiles } = await writeOutput(index, plan, ids, dir);
        assert.equal(await decodeErrors(playlist), '', `ffmpeg reported errors decoding ${playlist}`);

        for (const t of tracks) {
          const kind = t.track.kind === 'video' ? 'v' : 'a';
          const output = await probeDecoded(playlist, `${kind}:0`);
          const source = await probeDecoded(join(sourceDir, t.rendition.playlist), `${kind}:0`);
          assert.equal(output.errors, '');
          assert.equal(output.frames, source.frames, `${t.track.id}: ${output.frames} frames decoded, the source has ${source.frames}`);
          const frameSeconds = t.track.kind === 'video' ? 1 / (t.track.frameRate ?? 25) : 1024 / (t.track.sampleRate ?? 48000);
          assert.ok(Math.abs(output.seconds - source.seconds) <= frameSeconds + 1e-3, `${t.track.id}: duration ${output.seconds} s, the source ${source.seconds} s`);
        }

        const hasVideo = tracks.some((t) => t.track.kind === 'video');
        if (hasVideo) assert.ok(keyframeFiles.length >= plan.tracks[0].segments.length, 'at least one keyframe per segment');
        else assert.equal(keyframeFiles.length, 0);
        for (const kf of keyframeFiles) {
          const alone = await probeDecoded(kf.path, 'v:0');
          assert.equal(alone.errors, '', `ffprobe reported errors for the keyframe range at decode time ${kf.decodeTime}`);
          assert.equal(alone.frames, 1, `the keyframe range at decode time ${kf.decodeTime} decodes to ${alone.frames} frames`);
        }
      });
    }
  });
}
