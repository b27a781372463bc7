/**
 * Stable codes of a failed transcoding job, each mapped to the numeric
 * `errorCode` MediaConvert puts in its ERROR event for the same cause
 * (MediaConvert User Guide, "Error codes"). The string is what Kinora's job
 * records and logs carry; the number is what the event carries. Appended, never renamed.
 */
export const TranscodeErrorCode = {
  /** 1404 File Open Error: the input object or file does not exist. */
  INPUT_NOT_FOUND: 1404,
  /** 3457 Input Disallowed by Policy: local path not allowed, or an https host off the allow-list. */
  INPUT_FORBIDDEN: 3457,
  /** 1010 Input Error: the input is zero bytes long. */
  INPUT_EMPTY: 1010,
  /** 1010 Input Error: probing failed (corrupt file, unknown container, not media at all). */
  INPUT_UNREADABLE: 1010,
  /** 1020 Video Error: the input opened but holds no video stream (audio only, a still image). */
  INPUT_NO_VIDEO: 1020,
  /** 1030 Unsupported Codec: ffmpeg has no decoder for the input's video, or it is a playlist/container Kinora refuses. */
  INPUT_UNSUPPORTED: 1030,
  /** 1076 Source Read Error: the input could not be read to the end (storage failure, truncated download). */
  INPUT_READ_FAILED: 1076,
  /** 3403 HTTP Access Forbidden (also 401). */
  HTTP_FORBIDDEN: 3403,
  /** 3404 HTTP File Not Found. */
  HTTP_NOT_FOUND: 3404,
  /** 3450 HTTP Server Error: any other non-2xx answer, or too many redirects. */
  HTTP_SERVER_ERROR: 3450,
  /** 3451 HTTP Server Connection Error. */
  HTTP_CONNECTION_FAILED: 3451,
  /** 1040 Settings Error: the template cannot be applied to this input. */
  SETTINGS_INVALID: 1040,
  /** 1050 Disk Full, in the local work folder. */
  DISK_FULL: 1050,
  /** 1056 File Open Error: an output could not be written to the destination bucket. */
  OUTPUT_WRITE_FAILED: 1056,
  /** 1999 Unknown Error: ffmpeg exited with an error not classified above (its stderr tail is in the message). */
  TRANSCODE_FAILED: 1999,
  /** 1999 Unknown Error: the job's worker died too many times while running it. */
  INTERRUPTED: 1999,
} as const;

export type TranscodeErrorCode = keyof typeof TranscodeErrorCode;
