import { MediaError } from '../errors/MediaError.ts';
import type { SelectErrorCode } from './SelectErrorCode.ts';

/** A `MediaError` carrying one of the selection codes (a subset of `MediaErrorCode`). */
export function selectionError(code: SelectErrorCode, message: string, subject?: string): MediaError {
  return new MediaError(code, message, { subject });
}
