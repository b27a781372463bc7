import type { CodecConfig } from '../../../src/media/model/CodecConfig.ts';
import type { Presentation, TrackTimeline } from '../../../src/media/model/Presentation.ts';
import type { Track } from '../../../src/media/model/Track.ts';
import { segmentsOf } from '../hls/samplePresentation.ts';

const AVC: CodecConfig = { codec: 'avc', sps: [], pps: [] };
const HEVC: CodecConfig = { codec: 'hevc', vps: [], sps: [], pps: [] };
const AAC: CodecConfig = { codec: 'aac', audioSpecificConfig: new Uint8Array([0x11, 0x90]) };
/** The model has no text CodecConfig yet; manifests never read it. */
const TEXT = {} as unknown as CodecConfig;

/** 4 x 2 s then 1.36 s at 90 kHz, as the writer goldens. */
const VIDEO_SEGMENTS = [180000, 180000, 180000, 180000, 122400];
/** Whole AAC frames at 48 kHz near each 2 s video boundary. */
const AUDIO_48K_SEGMENTS = [96256, 96256, 95232, 96256, 65536];

function timeline(track: Partial<Track> & Pick<Track, 'id' | 'kind' | 'codecString' | 'peakBitsPerSecond'>, durations: number[], timescale: number): TrackTimeline {
  const config = track.kind === 'video' ? (track.codecString.startsWith('avc') ? AVC : HEVC) : track.kind === 'audio' ? AAC : TEXT;
  return { track: { timescale, config, averageBitsPerSecond: track.peakBitsPerSecond * 0.9, ...track }, segments: segmentsOf(durations) };
}

function video(id: string, codecString: string, width: number, height: number, frameRate: number, peak: number): TrackTimeline {
  return timeline({ id, kind: 'video', codecString, width, height, frameRate, peakBitsPerSecond: peak }, VIDEO_SEGMENTS, 90000);
}

function audio(id: string, codecString: string, sampleRate: number, channels: number, peak: number, language: string): TrackTimeline {
  const durations = sampleRate === 48000 ? AUDIO_48K_SEGMENTS : AUDIO_48K_SEGMENTS.map((d) => Math.round((d * sampleRate) / 48000));
  return timeline({ id, kind: 'audio', codecString, sampleRate, channels, peakBitsPerSecond: peak, language }, durations, sampleRate);
}

function text(id: string, language: string): TrackTimeline {
  return timeline({ id, kind: 'text', codecString: 'wvtt', peakBitsPerSecond: 1000, language }, VIDEO_SEGMENTS.map((d) => d / 90), 1000);
}

/**
 * A presentation with every property the manifest filter reads:
 *
 * | id | kind | codec (family) | size / rate | peak bits/s | language |
 * | --- | --- | --- | --- | --- | --- |
 * | v1 | video | avc1.42c01e (h264) | 416x234 @ 25 | 400 000 | |
 * | v2 | video | avc1.64001e (h264) | 640x360 @ 29.97 (30000/1001) | 800 000 | |
 * | v3 | video | avc3.64001f (h264) | 1280x720 @ 50 | 1 600 000 | |
 * | v4 | video | hvc1.2.4.L120.B0 (h265) | 1920x1080 @ 23.976 (24000/1001) | 3 000 000 | |
 * | v5 | video | dvh1.05.06 (h265, Dolby Vision) | 3840x2160 @ 23.976 | 15 000 000 | |
 * | a1 | audio | mp4a.40.2 (aacl) | 48 kHz, 2 ch | 130 000 | en |
 * | a2 | audio | mp4a.40.5 (aach) | 44.1 kHz, 2 ch | 64 000 | fr |
 * | a3 | audio | ec-3 | 48 kHz, 6 ch | 384 000 | en |
 * | t1 | text | wvtt | | | en-US |
 * | t2 | text | wvtt | | | hi |
 *
 * Switching sets: `avc` (v1-v3), `hevc` (v4, v5), `audio-en` (a1), `audio-fr`
 * (a2), `audio-en-ec3` (a3, language on the set only), `text-en` (t1), `text-hi` (t2).
 */
export function selectPresentation(): Presentation {
  const a3 = audio('a3', 'ec-3', 48000, 6, 384_000, 'en');
  delete a3.track.language;
  return {
    durationSeconds: 9.36,
    switchingSets: [
      {
        id: 'avc',
        kind: 'video',
        isDefault: true,
        tracks: [
          video('v1', 'avc1.42c01e', 416, 234, 25, 400_000),
          video('v2', 'avc1.64001e', 640, 360, 30000 / 1001, 800_000),
          video('v3', 'avc3.64001f', 1280, 720, 50, 1_600_000),
        ],
      },
      { id: 'hevc', kind: 'video', tracks: [video('v4', 'hvc1.2.4.L120.B0', 1920, 1080, 24000 / 1001, 3_000_000), video('v5', 'dvh1.05.06', 3840, 2160, 24000 / 1001, 15_000_000)] },
      { id: 'audio-en', kind: 'audio', language: 'en', isDefault: true, tracks: [audio('a1', 'mp4a.40.2', 48000, 2, 130_000, 'en')] },
      { id: 'audio-fr', kind: 'audio', language: 'fr', tracks: [audio('a2', 'mp4a.40.5', 44100, 2, 64_000, 'fr')] },
      { id: 'audio-en-ec3', kind: 'audio', language: 'en', tracks: [a3] },
      { id: 'text-en', kind: 'text', language: 'en-US', tracks: [text('t1', 'en-US')] },
      { id: 'text-hi', kind: 'text', language: 'hi', tracks: [text('t2', 'hi')] },
    ],
  };
}

/** Track ids of a presentation, in order. */
export function trackIds(presentation: Presentation): string[] {
  return presentation.switchingSets.flatMap((set) => set.tracks.map((t) => t.track.id));
}
