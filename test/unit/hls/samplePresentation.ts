import type { Presentation, SegmentTiming, TrackTimeline } from '../../../src/media/model/Presentation.ts';
import type { Track } from '../../../src/media/model/Track.ts';

/** Consecutive segments numbered from 1, starting at `startTime`. */
export function segmentsOf(durations: number[], startTime = 0): SegmentTiming[] {
  let time = startTime;
  return durations.map((duration, index) => {
    const segment = { number: index + 1, startTime: time, duration };
    time += duration;
    return segment;
  });
}

function video(id: string, width: number, height: number, codecString: string, peak: number, average: number): TrackTimeline {
  const track: Track = {
    id,
    kind: 'video',
    timescale: 90000,
    codecString,
    config: { codec: 'avc', sps: [], pps: [] },
    width,
    height,
    frameRate: 25,
    peakBitsPerSecond: peak,
    averageBitsPerSecond: average,
  };
  // 4 x 2 s then 1.36 s.
  return { track, segments: segmentsOf([180000, 180000, 180000, 180000, 122400]) };
}

/**
 * The presentation of the writer goldens: three 25 fps AVC renditions and one
 * English AAC track, 5 segments of 2 s with a short last one. Audio segments
 * are whole AAC frames (1024 samples at 48 kHz), so their durations vary
 * around 2 s as a real packager's do.
 */
export function samplePresentation(): Presentation {
  const audio: Track = {
    id: 'a1',
    kind: 'audio',
    timescale: 48000,
    codecString: 'mp4a.40.2',
    config: { codec: 'aac', audioSpecificConfig: new Uint8Array([0x11, 0x90]) },
    sampleRate: 48000,
    channels: 2,
    language: 'en',
    peakBitsPerSecond: 130_512,
    averageBitsPerSecond: 128_250,
  };
  return {
    durationSeconds: 9.36,
    switchingSets: [
      {
        id: 'video',
        kind: 'video',
        isDefault: true,
        tracks: [
          video('v1', 416, 234, 'avc1.42c01e', 400_000, 345_678.4),
          video('v2', 640, 360, 'avc1.64001e', 800_000, 701_000),
          video('v3', 960, 540, 'avc1.64001f', 1_600_000, 1_412_345),
        ],
      },
      {
        id: 'audio-en',
        kind: 'audio',
        language: 'en',
        name: 'English',
        isDefault: true,
        tracks: [{ track: audio, segments: segmentsOf([96256, 96256, 95232, 96256, 65536]) }],
      },
    ],
  };
}
