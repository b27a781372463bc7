/**
 * One access unit (ISO/IEC 14496-12 8.8.8 sample). Times are ticks of the
 * track timescale. `data` is the sample payload in the output form
 * (length-prefixed NAL units for video, raw AAC frames for audio).
 */
export interface Sample {
  decodeTime: number;
  /** Presentation time minus decode time; may be negative (trun version 1). */
  compositionOffset: number;
  duration: number;
  isSync: boolean;
  data: Uint8Array;
}
