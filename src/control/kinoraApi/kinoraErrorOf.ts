import { errorStatus } from '../../errors/errorStatus.ts';

/** What the Kinora API answers for a failure: `{code, message}` with the status of `errorStatus`. */
export interface KinoraApiError {
  status: number;
  code: string;
  message: string;
  /** Unexpected: log it, and answer without its details. */
  internal: boolean;
}

/**
 * Maps a thrown value to the Kinora API's error answer. `KinoraError` and
 * `MediaError` carry a stable code that the one status table knows; fastify's
 * own refusals (body too large, bad content type) get BODY_TOO_LARGE (413)
 * or INVALID_REQUEST; anything else is INTERNAL (500) whose message stays in
 * the log, so no stack trace or internal path reaches a client.
 */
export function kinoraErrorOf(e: unknown): KinoraApiError {
  const error = (e ?? {}) as { code?: unknown; message?: unknown; statusCode?: unknown };
  const message = typeof error.message === 'string' ? error.message : String(e);
  if (typeof error.code === 'string' && Object.hasOwn(errorStatus, error.code)) {
    const status = errorStatus[error.code as keyof typeof errorStatus];
    if (error.code === 'INTERNAL') return { status, code: 'INTERNAL', message: 'internal error; see the server log', internal: true };
    return { status, code: error.code, message, internal: false };
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { status: errorStatus.BODY_TOO_LARGE, code: 'BODY_TOO_LARGE', message: `the request body is larger than the limit (${message})`, internal: false };
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return { status: errorStatus.INVALID_REQUEST, code: 'INVALID_REQUEST', message, internal: false };
  }
  return { status: errorStatus.INTERNAL, code: 'INTERNAL', message: 'internal error; see the server log', internal: true };
}
