import type { CodecConfig } from '../model/CodecConfig.ts';
import type { MediaKind } from '../model/Track.ts';

/** One track of an fMP4 header, as `readInitSegment` finds it (ISO/IEC 14496-12 8.3, 8.8.3). */
export interface InitTrackInfo {
  trackId: number;
  kind: MediaKind;
  /** mdhd timescale: ticks per second of every time in this track's fragments. */
  timescale: number;
  config: CodecConfig;
  /** RFC 6381 codecs parameter, e.g. `avc1.64001f`, `hvc1.1.6.L93.B0`, `mp4a.40.2`. */
  codecString: string;
  /** The sample entry fourcc: `avc1`, `avc3`, `hvc1`, `hev1`, `mp4a`. */
  sampleEntry: string;
  /** Video: size after cropping, from the SPS. */
  width?: number;
  height?: number;
  /** Video: bytes of each NAL unit length prefix in the samples (avcC/hvcC lengthSizeMinusOne + 1). */
  nalLengthSize?: number;
  /** Audio: output sample rate from the AudioSpecificConfig, and channel count. */
  sampleRate?: number;
  channels?: number;
  /** media_time of the first non-empty edit in `elst` (ISO/IEC 14496-12 8.6.6), media timescale; 0 without an edit list. */
  editMediaTime: number;
  /** BCP 47 primary language from mdhd; absent for `und`. */
  language?: string;
  /** trex defaults (ISO/IEC 14496-12 8.8.3), or all-zero with description index 1 when the track has no trex. */
  defaults: { sampleDescriptionIndex: number; sampleDuration: number; sampleSize: number; sampleFlags: number };
}

/** What an fMP4 header (HLS `EXT-X-MAP`, DASH initialization segment) says about its tracks. */
export interface InitSegmentInfo {
  tracks: InitTrackInfo[];
}
