/**
 * Stable error codes of stream selection, manifest filtering and clipping.
 *
 * They are kept here, outside `MediaErrorCode`, until the coordinator appends
 * them to that list (and to the code -> HTTP status table); `selectionError`
 * is the one place that bridges the two. Appended, never renamed.
 *
 * HTTP statuses follow the MediaPackage user guide, "Manifest filtering",
 * error conditions table, where one exists.
 */
export const SelectErrorCode = {
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
  /** 404 suggested: the configuration's `streamSelection` bounds exclude every video rendition of the asset. */
  STREAM_SELECTION_EMPTY: 'STREAM_SELECTION_EMPTY',
  /** 400: `start`/`end` are not decimal seconds, repeated, negative, or `end` is not after `start`. */
  CLIP_INVALID: 'CLIP_INVALID',
  /** 400: `start`/`end` are valid numbers but outside the asset's duration. */
  CLIP_OUT_OF_RANGE: 'CLIP_OUT_OF_RANGE',
} as const;

export type SelectErrorCode = (typeof SelectErrorCode)[keyof typeof SelectErrorCode];
