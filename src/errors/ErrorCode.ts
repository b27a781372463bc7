import type { MediaErrorCode } from '../media/errors/MediaErrorCode.ts';

/** Stable error codes of the edges. Appended, never renamed. */
export const ErrorCode = {
  ASSET_NOT_FOUND: 'ASSET_NOT_FOUND',
  ASSET_NOT_READY: 'ASSET_NOT_READY',
  CONFIGURATION_NOT_FOUND: 'CONFIGURATION_NOT_FOUND',
  GROUP_NOT_FOUND: 'GROUP_NOT_FOUND',
  UNKNOWN_RESOURCE: 'UNKNOWN_RESOURCE',
  SEGMENT_OUT_OF_RANGE: 'SEGMENT_OUT_OF_RANGE',
  TRACK_NOT_FOUND: 'TRACK_NOT_FOUND',
  BAD_PATH: 'BAD_PATH',
  RANGE_NOT_SATISFIABLE: 'RANGE_NOT_SATISFIABLE',
  FORMAT_NOT_SUPPORTED: 'FORMAT_NOT_SUPPORTED',
  SOURCE_NOT_FOUND: 'SOURCE_NOT_FOUND',
  SOURCE_TIMEOUT: 'SOURCE_TIMEOUT',
  SOURCE_UNAVAILABLE: 'SOURCE_UNAVAILABLE',
  SOURCE_TOO_LARGE: 'SOURCE_TOO_LARGE',
  SOURCE_EMPTY: 'SOURCE_EMPTY',
  SOURCE_FORBIDDEN: 'SOURCE_FORBIDDEN',
  INTERNAL: 'INTERNAL',
  /** A request field is invalid (MediaPackage's UnprocessableEntityException). */
  INVALID_REQUEST: 'INVALID_REQUEST',
  /** A resource with that id already exists. */
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  /** Authentication or authorization refused (SigV4 on the control plane, CDN identifier at egress). */
  FORBIDDEN: 'FORBIDDEN',
  /** A configured quota (groups, configurations or assets per group) would be exceeded. */
  QUOTA_EXCEEDED: 'QUOTA_EXCEEDED',
  /** The resource still has dependants (a packaging group with configurations or assets). */
  RESOURCE_IN_USE: 'RESOURCE_IN_USE',
  /** No resource with that ARN (tags API). */
  RESOURCE_NOT_FOUND: 'RESOURCE_NOT_FOUND',
  /** A request body over the configured limit. */
  BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  /** No control-plane operation at that method and path. */
  UNKNOWN_OPERATION: 'UNKNOWN_OPERATION',
  /** A query string (manifest filter, clip) on a child playlist or segment, where MediaPackage refuses one. */
  QUERY_NOT_ALLOWED: 'QUERY_NOT_ALLOWED',
  /** The key provider gave no content key for an encrypted configuration (MediaPackage's KeyProviderError); nothing is served in the clear instead. */
  KEY_PROVIDER_ERROR: 'KEY_PROVIDER_ERROR',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode] | MediaErrorCode;
