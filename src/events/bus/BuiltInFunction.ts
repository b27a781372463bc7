import type { EventBridgeEvent } from '../EventBridgeEvent.ts';

/** What a built-in function is told besides the event and its input. */
export interface FunctionContext {
  deliveryId: string;
  /** 1 for the first attempt. */
  attempt: number;
  ruleArn: string;
  targetId: string;
  /** Aborted when the attempt times out, the bus closes, or the worker loses the delivery's lease. */
  signal: AbortSignal;
}

/**
 * An in-process target, the counterpart of a Lambda function: receives the
 * event and the target's input (the event itself unless the target sets
 * `Input`, `InputPath` or `InputTransformer`) and returns a JSON-serialisable
 * result, recorded on the delivery. Throwing fails the attempt; it is retried
 * unless the error has `retryable: false`. For one event and one target it
 * runs to success at most once (idempotency key).
 */
export type BuiltInFunction = (event: EventBridgeEvent, input: unknown, context: FunctionContext) => Promise<unknown>;
