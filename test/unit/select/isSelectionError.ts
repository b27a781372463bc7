import { MediaError } from '../../../src/media/errors/MediaError.ts';

/**
 * An `assert.throws` predicate: a `MediaError` with this code. Selection
 * codes are not in `MediaErrorCode` yet, hence the comparison as strings.
 */
export function isSelectionError(code: string): (error: unknown) => boolean {
  return (error: unknown) => error instanceof MediaError && String(error.code) === code && error.message.length > 0;
}
