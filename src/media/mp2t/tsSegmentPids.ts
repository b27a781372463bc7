/**
 * The PIDs `writeTransportStreamSegment` uses (ISO/IEC 13818-1 2.4.3.3,
 * Table 2-3: 0x0010..0x1FFE are free for PMTs and elementary streams). They
 * are ffmpeg's and most segmenters' defaults, and fixed per kind rather than
 * per segment layout, so a muxed segment and an audio-only segment of the
 * same asset give the audio the same PID. Further audio tracks take 0x102, 0x103...
 */
export const tsSegmentPids = {
  pat: 0x0000,
  pmt: 0x1000,
  video: 0x0100,
  firstAudio: 0x0101,
} as const;
