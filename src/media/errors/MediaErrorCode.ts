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
} as const;

export type MediaErrorCode = (typeof MediaErrorCode)[keyof typeof MediaErrorCode];
