import type { ErrorCode } from './ErrorCode.ts';

/**
 * Errors raised outside the media core (storage, catalog, origin). Like
 * `MediaError`, each carries a stable `code` and names its subject; the
 * single `errorStatus` table turns codes into HTTP statuses.
 */
export class KinoraError extends Error {
  readonly code: ErrorCode;
  readonly subject?: string;

  constructor(code: ErrorCode, message: string, options: { subject?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'KinoraError';
    this.code = code;
    this.subject = options.subject;
  }
}
