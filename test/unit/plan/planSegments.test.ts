import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { indexHlsSource } from '../../../src/ingest/indexHlsSource.ts';
import { SourceReader } from '../../../src/storage/SourceReader.ts';
import { FolderObjectStore } from '../../../src/storage/FolderObjectStore.ts';
import { planSegments } from '../../../src/media/plan/planSegments.ts';
import type { SourceIndex } from '../../../src/media/index/SourceIndex.ts';
import { SAMPLE_SYNC } from '../../../src/media/index/SampleTable.ts';
import { ensureFixture, type FixtureName } from '../../../scripts/fixtures.ts';

const reader = new SourceReader(new FolderObjectStore('/nonexistent'));
const indexes: Partial<Record<FixtureName, SourceIndex>> = {};
async function indexOf(name: FixtureName): Promise<SourceIndex> {
  return (indexes[name] ??= await indexHlsSource(reader, pathToFileURL(await ensureFixture(name)).href));
}

describe('planSegments', () => {
  before(async () => {
    await Promise.all((['ladder', 'fmp4', 'muxed'] as const).map(indexOf));
  });

  it('cuts the 30 s ladder into 5 segments of 6 s, the last one ending with the media', async () => {
    const plan = planSegments(await indexOf('ladder'), 6);
    const v1 = plan.tracks[0];
    assert.deepEqual(v1.segments.map((s) => Math.round(s.duration / 90)), [6000, 6000, 6000, 6000, 6000]);
    assert.equal(plan.nominalSeconds, 6);
  });

  it('honours a 2 s target (15 segments) and never exceeds the target by more than a GOP', async () => {
    const plan = planSegments(await indexOf('ladder'), 2);
    assert.equal(plan.tracks[0].segments.length, 15);
    for (const s of plan.tracks[0].segments) assert.ok(s.duration / 90000 <= 2.05, `segment ${s.number} is ${s.duration / 90000} s`);
  });

  it('puts identical boundaries on every video rendition, each on a keyframe', async () => {
    const index = await indexOf('ladder');
    const plan = planSegments(index, 6);
    const videos = plan.tracks.filter((_, i) => index.tracks[i].track.kind === 'video');
    assert.equal(videos.length, 3);
    for (const v of videos) assert.deepEqual(v.segments.map((s) => s.startTime), videos[0].segments.map((s) => s.startTime));
    index.tracks.forEach((t, i) => {
      if (t.track.kind !== 'video') return;
      for (const start of plan.tracks[i].starts.slice(0, -1)) assert.ok(t.samples.flags[start] & SAMPLE_SYNC, `${t.track.id}: segment starts on non-keyframe sample ${start}`);
    });
  });

  it('starts each audio segment within half an audio frame of the video boundary', async () => {
    for (const name of ['ladder', 'muxed', 'fmp4'] as const) {
      const index = await indexOf(name);
      const plan = planSegments(index, 6);
      const vi = index.tracks.findIndex((t) => t.track.kind === 'video');
      const ai = index.tracks.findIndex((t) => t.track.kind === 'audio');
      const v = index.tracks[vi];
      const a = index.tracks[ai];
      const frame = 1024 / a.track.sampleRate!;
      plan.tracks[ai].segments.slice(1).forEach((s, k) => {
        const video = plan.tracks[vi].segments[k + 1].startTime / v.track.timescale;
        const audio = s.startTime / a.track.timescale;
        assert.ok(Math.abs(audio - video) <= frame / 2 + 1e-6, `${name} segment ${s.number}: audio at ${audio} s, video at ${video} s`);
      });
    }
  });

  // TS sources only: for fMP4 sources Kinora applies the edit list (ISO/IEC 14496-12 8.6.6), which ffprobe's HLS demuxer ignores.
  it('keeps the source A/V offset: first audio and video presentation times match the source to within one audio frame', async () => {
    for (const name of ['ladder', 'muxed'] as const) {
      const index = await indexOf(name);
      const v = index.tracks.find((t) => t.track.kind === 'video')!;
      const a = index.tracks.find((t) => t.track.kind === 'audio')!;
      const outputOffset = (v.samples.decodeTime[0] + v.samples.compositionOffset[0]) / v.track.timescale - a.samples.decodeTime[0] / a.track.timescale;
      const dir = dirname(await ensureFixture(name));
      const startOf = async (path: string, stream: string) => {
        const { stdout } = await promisify(execFile)('ffprobe', ['-v', 'error', '-select_streams', stream, '-show_entries', 'stream=start_time', '-of', 'csv=p=0', path]);
        return Number(stdout.trim().split('\n')[0]);
      };
      const start = async (playlist: string) => {
        const { stdout } = await promisify(execFile)('ffprobe', ['-v', 'error', '-show_entries', 'stream=start_time', '-of', 'csv=p=0', join(dir, playlist)]);
        return Number(stdout.trim().split('\n')[0]);
      };
      const vStart = await start(v.rendition.playlist);
      // muxed: both streams come from the same playlist; ffprobe lists video first
      const aStart = a.rendition.playlist === v.rendition.playlist ? await startOf(join(dir, a.rendition.playlist), 'a:0') : await start(a.rendition.playlist);
      const sourceOffset = vStart - aStart;
      assert.ok(Math.abs(outputOffset - sourceOffset) <= 1024 / a.track.sampleRate!, `${name}: output A/V offset ${outputOffset} s, source ${sourceOffset} s`);
    }
  });

  it('rejects a non-positive target', async () => {
    assert.throws(() => planSegments(indexes.ladder!, 0), /positive/);
  });
});
