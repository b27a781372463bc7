import type { MediaErrorCode } from './MediaErrorCode.ts';

/**
 * The one error type the media core throws. `code` is stable (see
 * `MediaErrorCode`); `message` says what was expected and what was found;
 * `subject` names the object (asset, track, segment, file) when the caller knows it.
 * Edges map `code` to an HTTP status through one table (`src/origin/errorStatus.ts`).
 */
export class MediaError extends Error {
  readonly code: MediaErrorCode;
  subject?: string;
  /** Byte offset in the object concerned, when known (e.g. the TS packet with a continuity error). */
  offset?: number;

  constructor(code: MediaErrorCode, message: string, details: { subject?: string; offset?: number } = {}) {
    super(message);
    this.name = 'MediaError';
    this.code = code;
    this.subject = details.subject;
    this.offset = details.offset;
  }
}
