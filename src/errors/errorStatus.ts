import type { ErrorCode } from './ErrorCode.ts';

/**
 * The one table from error codes to HTTP statuses at the origin. Media-core
 * codes met while *serving* mean the stored source is damaged, which is an
 * upstream failure from the client's point of view (502).
 */
export const errorStatus: Record<ErrorCode, number> = {
  ASSET_NOT_FOUND: 404,
  ASSET_NOT_READY: 404,
  CONFIGURATION_NOT_FOUND: 404,
  GROUP_NOT_FOUND: 404,
  UNKNOWN_RESOURCE: 404,
  SEGMENT_OUT_OF_RANGE: 404,
  TRACK_NOT_FOUND: 404,
  BAD_PATH: 400,
  RANGE_NOT_SATISFIABLE: 416,
  FORMAT_NOT_SUPPORTED: 501,
  SOURCE_NOT_FOUND: 502,
  SOURCE_TIMEOUT: 504,
  SOURCE_UNAVAILABLE: 502,
  SOURCE_TOO_LARGE: 502,
  SOURCE_EMPTY: 502,
  SOURCE_FORBIDDEN: 502,
  INTERNAL: 500,
  INVALID_REQUEST: 422,
  ALREADY_EXISTS: 409,
  TRUNCATED: 502,
  MALFORMED: 502,
  UNSUPPORTED: 502,
  PLAYLIST_INVALID: 502,
  NO_TRACKS: 502,
  UNALIGNED: 502,
};
