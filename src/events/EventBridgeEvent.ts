/**
 * An event on the bus, in EventBridge's envelope (EventBridge User Guide,
 * "Amazon EventBridge events"): the shape rules match against and webhooks
 * receive. MediaConvert "Job State Change" events have exactly this form
 * (MediaConvert User Guide, "Using EventBridge with MediaConvert").
 */
export interface EventBridgeEvent {
  version: string;
  /** Unique per event; also the idempotency key of built-in function deliveries. */
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  /** ISO 8601 UTC, whole seconds (`2018-09-14T21:54:31Z`). */
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}
