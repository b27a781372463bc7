/**
 * The 13 parameters of MediaPackage manifest filtering (user guide,
 * "Manifest filter query parameters"), with the form of their values and
 * the streams they constrain.
 *
 * - `integer`: whole numbers and `min-max` ranges, 0..2147483647.
 * - `decimal`: like `integer` with up to three decimals (`video_framerate:23.976-30`).
 * - `text`: case-insensitive strings compared whole (`AC-3`, `en-US`).
 *
 * `applies` names the streams a parameter filters; the others ignore it.
 * `trickplay` streams (I-frame or image renditions) are not part of the
 * `Presentation` model yet: see `filterAllowsTrickPlay`.
 */
export const manifestFilterParameters = {
  audio_bitrate: { values: 'integer', applies: 'audio' },
  audio_channels: { values: 'integer', applies: 'audio' },
  audio_codec: { values: 'text', applies: 'audio' },
  audio_language: { values: 'text', applies: 'audio' },
  audio_sample_rate: { values: 'integer', applies: 'audio' },
  subtitle_language: { values: 'text', applies: 'text' },
  trickplay_height: { values: 'integer', applies: 'trickplay' },
  trickplay_type: { values: 'text', applies: 'trickplay' },
  video_bitrate: { values: 'integer', applies: 'video' },
  video_codec: { values: 'text', applies: 'video' },
  video_dynamic_range: { values: 'text', applies: 'video' },
  video_framerate: { values: 'decimal', applies: 'video' },
  video_height: { values: 'integer', applies: 'video' },
} as const;

export type ManifestFilterParameter = keyof typeof manifestFilterParameters;
