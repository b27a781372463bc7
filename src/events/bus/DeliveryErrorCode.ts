/** Stable codes of failed delivery attempts (recorded on deliveries and dead letters). Appended, never renamed. */
export const DeliveryErrorCode = {
  /** The webhook did not answer within the timeout. */
  WEBHOOK_TIMEOUT: 'WEBHOOK_TIMEOUT',
  /** The webhook answered with a status other than 2xx. */
  WEBHOOK_HTTP_ERROR: 'WEBHOOK_HTTP_ERROR',
  /** The webhook could not be reached (DNS, connection refused or reset, TLS). */
  WEBHOOK_NETWORK_ERROR: 'WEBHOOK_NETWORK_ERROR',
  /** `arn:kinora:webhook:::<name>` names no configured webhook. */
  WEBHOOK_NOT_CONFIGURED: 'WEBHOOK_NOT_CONFIGURED',
  /** No built-in function has that name. */
  FUNCTION_NOT_FOUND: 'FUNCTION_NOT_FOUND',
  /** The built-in function threw. */
  FUNCTION_ERROR: 'FUNCTION_ERROR',
  /** The built-in function did not finish within the timeout. */
  FUNCTION_TIMEOUT: 'FUNCTION_TIMEOUT',
  /** The target's Input/InputPath/InputTransformer could not be applied. */
  INPUT_TRANSFORM_FAILED: 'INPUT_TRANSFORM_FAILED',
  /** The target's Arn is no form Kinora delivers to. */
  TARGET_NOT_SUPPORTED: 'TARGET_NOT_SUPPORTED',
  /** The event outlived the target's RetryPolicy.MaximumEventAgeInSeconds. */
  EVENT_TOO_OLD: 'EVENT_TOO_OLD',
  /** Kinora itself failed (e.g. the store); retried. */
  INTERNAL: 'INTERNAL',
} as const;

export type DeliveryErrorCode = (typeof DeliveryErrorCode)[keyof typeof DeliveryErrorCode];
