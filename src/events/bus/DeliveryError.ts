import type { DeliveryErrorCode } from './DeliveryErrorCode.ts';

/** A failed delivery attempt: a stable code, whether another attempt may succeed, and the webhook's status if any. */
export class DeliveryError extends Error {
  readonly code: DeliveryErrorCode;
  readonly retryable: boolean;
  readonly httpStatus?: number;

  constructor(code: DeliveryErrorCode, message: string, options: { retryable: boolean; httpStatus?: number; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'DeliveryError';
    this.code = code;
    this.retryable = options.retryable;
    this.httpStatus = options.httpStatus;
  }
}
