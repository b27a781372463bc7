/** EventBridge exception names Kinora answers with (API Reference, "Errors" of each action, and "Common Errors"). */
export type EventBridgeErrorType =
  | 'ValidationException'
  | 'InvalidEventPatternException'
  | 'ResourceNotFoundException'
  | 'LimitExceededException'
  | 'SerializationException'
  | 'UnknownOperationException'
  | 'AccessDeniedException'
  | 'InternalException';

/**
 * An EventBridge API error: answered as `{"__type": type, "message": message}`
 * (AWS JSON 1.1) with `statusCode`. EventBridge answers every client error
 * with 400 and `InternalException` with 500.
 */
export class EventBridgeError extends Error {
  readonly type: EventBridgeErrorType | string;
  readonly statusCode: number;

  constructor(type: EventBridgeErrorType | string, message: string, statusCode = type === 'InternalException' ? 500 : 400) {
    super(message);
    this.name = 'EventBridgeError';
    this.type = type;
    this.statusCode = statusCode;
  }
}
