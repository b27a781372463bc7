import { MediaError } from '../errors/MediaError.ts';
import type { MediaErrorCode } from '../errors/MediaErrorCode.ts';
import type { SelectErrorCode } from './SelectErrorCode.ts';

/**
 * A `MediaError` carrying one of the selection codes. The widening cast is
 * here only until `SelectErrorCode` is merged into `MediaErrorCode`; at run
 * time `error.code` is the selection code itself.
 */
export function selectionError(code: SelectErrorCode, message: string, subject?: string): MediaError {
  return new MediaError(code as string as MediaErrorCode, message, { subject });
}
