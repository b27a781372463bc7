import type { CodecConfig } from './CodecConfig.ts';

export type MediaKind = 'video' | 'audio' | 'text';

/**
 * One elementary stream of a presentation (CMAF track, ISO/IEC 23000-19 7.3).
 * Shared by readers (TS, fMP4), the source index and every writer.
 * Times of the track's samples are integer ticks of `timescale`.
 */
export interface Track {
  /** Stable id within the asset, used in URLs: `v1`, `v2`, `a1`, `t1`. */
  id: string;
  kind: MediaKind;
  timescale: number;
  /** RFC 6381 codec string, e.g. `avc1.64001f`, `hvc1.1.6.L93.B0`, `mp4a.40.2`. */
  codecString: string;
  config: CodecConfig;
  /** Video: coded picture size after cropping, from the SPS. */
  width?: number;
  height?: number;
  /** Video: frames per second, from SPS VUI timing or measured sample durations. */
  frameRate?: number;
  /** Audio: output sample rate (Hz) and channel count. */
  sampleRate?: number;
  channels?: number;
  /** BCP 47 language, from `EXT-X-MEDIA LANGUAGE`. */
  language?: string;
  /** Human-readable name, from `EXT-X-MEDIA NAME`. */
  name?: string;
  /** Measured from the index: max over source segments, and mean over the whole track. */
  peakBitsPerSecond: number;
  averageBitsPerSecond: number;
}
