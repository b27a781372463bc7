/** Stable error codes of the media core. New codes are appended, never renamed. */
export const MediaErrorCode = {
  /** The data ended before a structure was complete. */
  TRUNCATED: 'TRUNCATED',
  /** A structure is present but its fields are inconsistent (bad sync byte, CRC, size). */
  MALFORMED: 'MALFORMED',
  /** Valid data Kinora does not handle (codec, stream type, box version). */
  UNSUPPORTED: 'UNSUPPORTED',
  /** A playlist is not valid HLS (RFC 8216). */
  PLAYLIST_INVALID: 'PLAYLIST_INVALID',
  /** The source has no usable track of a required kind. */
  NO_TRACKS: 'NO_TRACKS',
  /** Renditions of a switching set cannot be segmented on common keyframes. */
  UNALIGNED: 'UNALIGNED',
  // Stream selection, manifest filtering and clipping (src/media/select). Statuses follow the
  // MediaPackage user guide, "Manifest filtering", error conditions table, where one exists.
  /** 400: the `aws.manifestfilter` value is longer than 1024 characters. */
  MANIFEST_FILTER_TOO_LONG: 'MANIFEST_FILTER_TOO_LONG',
  /** 400: the value does not follow `name:value[,value...][;name:...]` (missing `:`, a second `:`, empty value, bad number). */
  MANIFEST_FILTER_MALFORMED: 'MANIFEST_FILTER_MALFORMED',
  /** 400: the `aws.manifestfilter` query parameter itself appears more than once. */
  MANIFEST_FILTER_REPEATED: 'MANIFEST_FILTER_REPEATED',
  /** 400: one filter parameter (e.g. `audio_sample_rate`) is given twice. */
  MANIFEST_FILTER_DUPLICATE_PARAMETER: 'MANIFEST_FILTER_DUPLICATE_PARAMETER',
  /** 400: a parameter name that is not one of the 13 MediaPackage parameters. */
  MANIFEST_FILTER_UNKNOWN_PARAMETER: 'MANIFEST_FILTER_UNKNOWN_PARAMETER',
  /** 400: a range whose minimum is greater than its maximum (`300-0`). */
  MANIFEST_FILTER_INVERTED_RANGE: 'MANIFEST_FILTER_INVERTED_RANGE',
  /** 400: a number above INT_MAX (2147483647). */
  MANIFEST_FILTER_VALUE_TOO_LARGE: 'MANIFEST_FILTER_VALUE_TOO_LARGE',
  /** 400: the filter leaves no video (the asset has video) or nothing at all; subtitles alone are allowed. */
  MANIFEST_FILTER_EMPTY: 'MANIFEST_FILTER_EMPTY',
  /** 404: the configuration's `streamSelection` bounds exclude every video rendition of the asset. */
  STREAM_SELECTION_EMPTY: 'STREAM_SELECTION_EMPTY',
  /** 400: `start`/`end` are not decimal seconds, repeated, negative, or `end` is not after `start`. */
  CLIP_INVALID: 'CLIP_INVALID',
  /** 400: `start`/`end` are valid numbers but outside the asset's duration. */
  CLIP_OUT_OF_RANGE: 'CLIP_OUT_OF_RANGE',
} as const;

export type MediaErrorCode = (typeof MediaErrorCode)[keyof typeof MediaErrorCode];
