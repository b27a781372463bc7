import { KinoraError } from '../errors/KinoraError.ts';
import type { ErrorCode } from '../errors/ErrorCode.ts';

/** The MediaPackage VOD exceptions and their HTTP statuses [model]. */
export const AWS_EXCEPTION_STATUS = {
  UnprocessableEntityException: 422,
  ForbiddenException: 403,
  NotFoundException: 404,
  TooManyRequestsException: 429,
  InternalServerErrorException: 500,
  ServiceUnavailableException: 503,
} as const;

export type AwsExceptionName = keyof typeof AWS_EXCEPTION_STATUS;

const BY_CODE: Partial<Record<ErrorCode, AwsExceptionName>> = {
  INVALID_REQUEST: 'UnprocessableEntityException',
  ALREADY_EXISTS: 'UnprocessableEntityException',
  RESOURCE_IN_USE: 'UnprocessableEntityException',
  BODY_TOO_LARGE: 'UnprocessableEntityException',
  GROUP_NOT_FOUND: 'NotFoundException',
  CONFIGURATION_NOT_FOUND: 'NotFoundException',
  ASSET_NOT_FOUND: 'NotFoundException',
  RESOURCE_NOT_FOUND: 'NotFoundException',
  UNKNOWN_OPERATION: 'NotFoundException',
  FORBIDDEN: 'ForbiddenException',
  QUOTA_EXCEEDED: 'TooManyRequestsException',
  SOURCE_TIMEOUT: 'ServiceUnavailableException',
  SOURCE_UNAVAILABLE: 'ServiceUnavailableException',
};

/**
 * A control-plane failure as the AWS REST-JSON protocol reports it: the
 * exception name (sent as `x-amzn-ErrorType`, which the SDKs map to their
 * exception classes), the HTTP status, and the `message`. Status follows the
 * exception, except a body over the limit: UnprocessableEntityException with 413.
 * Fastify's own errors (body too large, bad content type) are mapped too;
 * anything unknown is an InternalServerErrorException whose details stay in the log.
 */
export function awsErrorOf(e: unknown): { type: AwsExceptionName; status: number; message: string; internal: boolean } {
  if (e instanceof KinoraError) {
    const type = BY_CODE[e.code] ?? 'InternalServerErrorException';
    return { type, status: e.code === 'BODY_TOO_LARGE' ? 413 : AWS_EXCEPTION_STATUS[type], message: e.message, internal: type === 'InternalServerErrorException' };
  }
  const fastify = e as { code?: string; statusCode?: number; message?: string };
  if (fastify?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { type: 'UnprocessableEntityException', status: 413, message: `request body is larger than the limit (${fastify.message})`, internal: false };
  if (typeof fastify?.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    return { type: 'UnprocessableEntityException', status: 422, message: fastify.message ?? 'invalid request', internal: false };
  }
  return { type: 'InternalServerErrorException', status: 500, message: 'internal error; see the server log', internal: true };
}
