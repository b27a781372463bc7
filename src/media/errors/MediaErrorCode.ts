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
  // Stream selection, manifest filtering and clipping (src/media/select, SelectErrorCode documents each).
  MANIFEST_FILTER_TOO_LONG: 'MANIFEST_FILTER_TOO_LONG',
  MANIFEST_FILTER_MALFORMED: 'MANIFEST_FILTER_MALFORMED',
  MANIFEST_FILTER_REPEATED: 'MANIFEST_FILTER_REPEATED',
  MANIFEST_FILTER_DUPLICATE_PARAMETER: 'MANIFEST_FILTER_DUPLICATE_PARAMETER',
  MANIFEST_FILTER_UNKNOWN_PARAMETER: 'MANIFEST_FILTER_UNKNOWN_PARAMETER',
  MANIFEST_FILTER_INVERTED_RANGE: 'MANIFEST_FILTER_INVERTED_RANGE',
  MANIFEST_FILTER_VALUE_TOO_LARGE: 'MANIFEST_FILTER_VALUE_TOO_LARGE',
  MANIFEST_FILTER_EMPTY: 'MANIFEST_FILTER_EMPTY',
  STREAM_SELECTION_EMPTY: 'STREAM_SELECTION_EMPTY',
  CLIP_INVALID: 'CLIP_INVALID',
  CLIP_OUT_OF_RANGE: 'CLIP_OUT_OF_RANGE',
} as const;

export type MediaErrorCode = (typeof MediaErrorCode)[keyof typeof MediaErrorCode];
