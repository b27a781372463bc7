import type { MediaErrorCode } from '../errors/MediaErrorCode.ts';

/** The `MediaErrorCode`s of stream selection, manifest filtering and clipping (documented there). */
export type SelectErrorCode = Extract<
  MediaErrorCode,
  | 'MANIFEST_FILTER_TOO_LONG'
  | 'MANIFEST_FILTER_MALFORMED'
  | 'MANIFEST_FILTER_REPEATED'
  | 'MANIFEST_FILTER_DUPLICATE_PARAMETER'
  | 'MANIFEST_FILTER_UNKNOWN_PARAMETER'
  | 'MANIFEST_FILTER_INVERTED_RANGE'
  | 'MANIFEST_FILTER_VALUE_TOO_LARGE'
  | 'MANIFEST_FILTER_EMPTY'
  | 'STREAM_SELECTION_EMPTY'
  | 'CLIP_INVALID'
  | 'CLIP_OUT_OF_RANGE'
>;
