import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planSmoothStreams } from '../../../src/media/mss/planSmoothStreams.ts';
import { segmentsOf } from '../hls/samplePresentation.ts';
import { smoothPresentation } from './smoothPresentation.ts';

test('one stream per video and audio set, named video, audio, audio_2', () => {
  const streams = planSmoothStreams(smoothPresentation());
  assert.deepEqual(
    streams.map((s) => [s.name, s.kind, s.timescale, s.fragments.length, s.qualityLevels.map((l) => l.timeline.track.id)]),
    [
      ['video', 'video', 90000, 5, ['v1', 'v2', 'v3']],
      ['audio', 'audio', 48000, 5, ['a1']],
      ['audio_2', 'audio', 48000, 5, ['a2']],
    ],
  );
});

test('bitrates are the peak rounded up, and made unique within a stream', () => {
  const presentation = smoothPresentation();
  const [v1, v2, v3] = presentation.switchingSets[0].tracks;
  for (const t of [v1, v2, v3]) t.track = { ...t.track, peakBitsPerSecond: 500_000 };
  v3.track = { ...v3.track, peakBitsPerSecond: 500_000.5 };
  const [video] = planSmoothStreams(presentation);
  assert.deepEqual(video.qualityLevels.map((l) => [l.index, l.bitrate]), [[0, 500_000], [1, 500_001], [2, 500_002]]);
});

test('bitrates only need to be unique within a stream', () => {
  const presentation = smoothPresentation();
  presentation.switchingSets[2].tracks[0].track = { ...presentation.switchingSets[2].tracks[0].track, peakBitsPerSecond: 130_512 };
  const streams = planSmoothStreams(presentation);
  assert.deepEqual(streams.slice(1).map((s) => s.qualityLevels[0].bitrate), [130_512, 130_512]);
});

test('tracks whose timescale or timeline differ from the set first track get a stream of their own', () => {
  const presentation = smoothPresentation();
  const [, v2, v3] = presentation.switchingSets[0].tracks;
  v2.track = { ...v2.track, timescale: 12800 };
  v2.segments = segmentsOf([25600, 25600, 25600, 25600, 17408]);
  v3.segments = segmentsOf([180000, 180000, 180000, 180000, 122400], 0);
  const video = planSmoothStreams(presentation).filter((s) => s.kind === 'video');
  assert.deepEqual(
    video.map((s) => [s.name, s.timescale, s.fragments[0].startTime, s.qualityLevels.map((l) => [l.index, l.timeline.track.id])]),
    [
      ['video', 90000, 1920, [[0, 'v1']]],
      ['video_2', 12800, 0, [[0, 'v2']]],
      ['video_3', 90000, 0, [[0, 'v3']]],
    ],
  );
});

test('AC-3 tracks are left out (MS-SSTR has no AC-3); an asset whose only audio is AC-3 is refused naming the track', () => {
  const ac3 = { codec: 'ac3' as const, dac3: Uint8Array.of(0x10, 0x11, 0x40) };
  const presentation = smoothPresentation();
  presentation.switchingSets[2].tracks[0].track = { ...presentation.switchingSets[2].tracks[0].track, config: ac3 };
  assert.deepEqual(planSmoothStreams(presentation).map((s) => [s.name, s.qualityLevels.map((l) => l.timeline.track.id)]), [
    ['video', ['v1', 'v2', 'v3']],
    ['audio', ['a1']],
  ]);
  presentation.switchingSets[1].tracks[0].track = { ...presentation.switchingSets[1].tracks[0].track, config: ac3 };
  assert.throws(() => planSmoothStreams(presentation), (e: any) => e.code === 'UNSUPPORTED' && /^track a1: Smooth Streaming cannot carry AC-3 .* no other audio/.test(e.message));
});
