import { TranscodeErrorCode } from './TranscodeErrorCode.ts';

/**
 * Why a transcoding job failed. Thrown inside a job run and stored on the job;
 * it never reaches HTTP directly (the job's ERROR event and record carry it),
 * which is why its codes are a table of their own rather than `ErrorCode`s.
 */
export class TranscodeError extends Error {
  readonly code: TranscodeErrorCode;
  /** What the error is about: the input URI, an output key. */
  readonly subject?: string;

  constructor(code: TranscodeErrorCode, message: string, options: { subject?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'TranscodeError';
    this.code = code;
    this.subject = options.subject;
  }

  /** The numeric code MediaConvert uses for this cause. */
  get mediaConvertCode(): number {
    return TranscodeErrorCode[this.code];
  }
}
