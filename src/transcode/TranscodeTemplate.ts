/** x264 speed/quality presets, fastest first (`-preset`). */
export const X264_PRESETS = ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower', 'veryslow'] as const;
export type X264Preset = (typeof X264_PRESETS)[number];

/** H.264 profiles a rendition may ask for (ITU-T H.264 Annex A.2). */
export const H264_PROFILES = ['baseline', 'main', 'high'] as const;
export type H264Profile = (typeof H264_PROFILES)[number];

/**
 * One video output of the ladder. `width`x`height` is a bounding box: the
 * picture is scaled to fit it with the input's display aspect ratio kept
 * (square pixels out), never above the input's size.
 */
export interface VideoRendition {
  /**
   * Appended to the output base name, as MediaConvert's `NameModifier`:
   * `<base><nameModifier>.m3u8` and `<base><nameModifier>_00001.ts`.
   */
  nameModifier: string;
  width: number;
  height: number;
  /** Target average bitrate, bits per second (MediaConvert `Bitrate`). */
  bitrate: number;
  profile: H264Profile;
  /** H.264 level as written by ffmpeg, e.g. `3.1`, `4.0`; chosen by the encoder when absent. */
  level?: string;
}

/** AAC-LC audio settings, shared by every rendition that carries audio. */
export interface AudioSettings {
  /** Bits per second. */
  bitrate: number;
  channels: 1 | 2 | 6;
  sampleRate: 44100 | 48000;
  /**
   * `separate`: one audio-only rendition in an `EXT-X-MEDIA` group that every
   * video variant references (MediaPackage-friendly, what the `ladder` fixture
   * does). `muxed`: the audio is muxed into each video rendition's segments.
   */
  grouping: 'separate' | 'muxed';
  /** Name modifier of the separate audio rendition. */
  nameModifier: string;
  /** BCP 47 / ISO 639 language written to `EXT-X-MEDIA LANGUAGE`. */
  language?: string;
  /** `EXT-X-MEDIA NAME`; defaults to the language, else `Audio`. */
  name?: string;
}

/**
 * A transcoding template: MediaConvert's job template reduced to what an HLS
 * ABR ladder needs. One H.264 ladder with closed, time-aligned GOPs (every
 * rendition has a key frame at every multiple of `gopSeconds`) so segment
 * boundaries coincide across renditions and a packager can cut anywhere a
 * GOP starts; MPEG-TS segments of `segmentSeconds` (a multiple of `gopSeconds`).
 */
export interface TranscodeTemplate {
  /** Free text, shown in job listings. */
  name?: string;
  video: {
    codec: 'h264';
    /** Key frame interval, seconds. */
    gopSeconds: number;
    preset: X264Preset;
    /** Highest first, by convention; the multivariant playlist keeps this order. */
    renditions: VideoRendition[];
  };
  /** `null`: drop the input's audio. An input without audio yields video-only renditions either way. */
  audio: AudioSettings | null;
  /** HLS target segment length, seconds (`-hls_time`). */
  segmentSeconds: number;
}
