import type { Presentation, TrackTimeline } from '../../../src/media/model/Presentation.ts';
import type { Track } from '../../../src/media/model/Track.ts';
import { segmentsOf } from '../hls/samplePresentation.ts';

function hex(s: string): Uint8Array {
  return Uint8Array.from(s.match(/../g) ?? [], (b) => parseInt(b, 16));
}

/** The `ladder` fixture's parameter sets (x264, High profile, 25 fps): SPS and PPS without start codes. */
const PPS = hex('68efbcb0');
const LADDER = [
  { id: 'v1', width: 320, height: 180, codecString: 'avc1.64000d', sps: hex('6764000dacd941419f9f011000000300100000030320f1429960'), peak: 275_100 },
  { id: 'v2', width: 480, height: 270, codecString: 'avc1.640015', sps: hex('67640015acd941e08feb011000000300100000030320f162d960'), peak: 549_583.2 },
  { id: 'v3', width: 640, height: 360, codecString: 'avc1.64001e', sps: hex('6764001eacd940a02ff97011000003000100000300320f162d96'), peak: 959_716 },
];

function video(v: (typeof LADDER)[number]): TrackTimeline {
  const track: Track = {
    id: v.id,
    kind: 'video',
    timescale: 90000,
    codecString: v.codecString,
    config: { codec: 'avc', sps: [v.sps], pps: [PPS] },
    width: v.width,
    height: v.height,
    frameRate: 25,
    peakBitsPerSecond: v.peak,
    averageBitsPerSecond: v.peak * 0.8,
  };
  // The first keyframe 1920 ticks after the earliest audio sample, as in the ladder fixture.
  return { track, segments: segmentsOf([180000, 180000, 180000, 180000, 122400], 1920) };
}

/**
 * The presentation of the Smooth goldens: the `ladder` fixture's three H.264
 * renditions (real SPS/PPS), an English AAC-LC track at 48 kHz and a French
 * HE-AAC track (explicit SBR signalling) whose rate and channels are left to
 * be read from its AudioSpecificConfig. 4 x 2 s + 1.36 s, audio cut on whole
 * 1024-sample frames.
 */
export function smoothPresentation(): Presentation {
  const english: Track = {
    id: 'a1',
    kind: 'audio',
    timescale: 48000,
    codecString: 'mp4a.40.2',
    config: { codec: 'aac', audioSpecificConfig: hex('1190') },
    sampleRate: 48000,
    channels: 2,
    language: 'en',
    peakBitsPerSecond: 130_512,
    averageBitsPerSecond: 128_250,
  };
  const french: Track = {
    id: 'a2',
    kind: 'audio',
    timescale: 48000,
    codecString: 'mp4a.40.5',
    // objectType 5 (SBR), core 24 kHz, 2 channels, extension 48 kHz, then AAC LC.
    config: { codec: 'aac', audioSpecificConfig: hex('2b118800') },
    language: 'fr',
    peakBitsPerSecond: 48_000,
    averageBitsPerSecond: 47_100,
  };
  const audioSegments = segmentsOf([96256, 96256, 95232, 96256, 65536]);
  return {
    durationSeconds: 9.36,
    switchingSets: [
      { id: '1', kind: 'video', isDefault: true, tracks: LADDER.map(video) },
      { id: '2', kind: 'audio', language: 'en', name: 'English', isDefault: true, tracks: [{ track: english, segments: audioSegments }] },
      { id: '3', kind: 'audio', language: 'fr', name: 'Français', tracks: [{ track: french, segments: audioSegments }] },
    ],
  };
}
