import type { TranscodeTemplate } from './TranscodeTemplate.ts';

/**
 * The template a dropped file gets: a 3-rung H.264 High ladder (720p 3 Mb/s,
 * 540p 1.8 Mb/s, 360p 0.8 Mb/s; rungs above the input's size are dropped),
 * 2 s closed GOPs, 6 s TS segments, 128 kb/s stereo AAC in a separate audio
 * group. `veryfast` keeps a 2-core machine near real time for 720p.
 */
export const defaultTemplate: TranscodeTemplate = {
  name: 'kinora-default-hls',
  video: {
    codec: 'h264',
    gopSeconds: 2,
    preset: 'veryfast',
    renditions: [
      { nameModifier: '_720p', width: 1280, height: 720, bitrate: 3_000_000, profile: 'high' },
      { nameModifier: '_540p', width: 960, height: 540, bitrate: 1_800_000, profile: 'high' },
      { nameModifier: '_360p', width: 640, height: 360, bitrate: 800_000, profile: 'main' },
    ],
  },
  audio: { bitrate: 128_000, channels: 2, sampleRate: 48000, grouping: 'separate', nameModifier: '_audio', name: 'Audio' },
  segmentSeconds: 6,
};
