import { MediaError } from '../errors/MediaError.ts';
import type { MediaErrorCode } from '../errors/MediaErrorCode.ts';
import type { SelectErrorCode } from './SelectErrorCode.ts';

/** A `MediaError` carrying one of the selection codes (a subset of `MediaErrorCode`). */
export function selectionError(code: SelectErrorCode & MediaErrorCode, message: string, subject?: string): MediaError {
  return new MediaError(code, message, { subject });
}
