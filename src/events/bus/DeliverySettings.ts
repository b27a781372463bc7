import type { BackoffPolicy } from './planRetryDelay.ts';

/** How the delivery worker runs. A target's `RetryPolicy` overrides `maxRetries` and `maxEventAgeSeconds`. */
export interface DeliverySettings extends BackoffPolicy {
  /** Deliveries attempted at the same time. */
  concurrency: number;
  /** Retries after the first attempt (EventBridge's `MaximumRetryAttempts`, 0-185). */
  maxRetries: number;
  /** No retry is scheduled past this age of the delivery (EventBridge's `MaximumEventAgeInSeconds`). */
  maxEventAgeSeconds: number;
  /** Bound of one webhook exchange, body included. */
  webhookTimeoutMs: number;
  /** Bound of one built-in function run. */
  functionTimeoutMs: number;
  /**
   * Lease of a delivery a worker holds (claimed, or created by its process):
   * renewed every third of it while the worker holds the delivery; when a
   * process dies, its deliveries are claimed again once their leases lapse.
   */
  leaseMs: number;
  /** How often a started worker claims due deliveries it was not handed: retries, other processes' leftovers. */
  pollIntervalMs: number;
}

/**
 * Defaults. EventBridge itself retries for 24 hours (185 times); Kinora
 * retries 8 times with backoff from 1 s to 5 min (about 13 minutes in all),
 * then dead-letters, since its dead letters can be listed and replayed. The
 * function timeout is the tutorial Lambda's (1 minute). A 30 s lease is
 * renewed every 10 s, so a dead process's deliveries wait at most about
 * 30 s plus one 2 s poll before another process takes them over.
 */
export const defaultDeliverySettings: DeliverySettings = {
  concurrency: 4,
  maxRetries: 8,
  baseDelayMs: 1_000,
  maxDelayMs: 300_000,
  jitter: 0.2,
  maxEventAgeSeconds: 86_400,
  webhookTimeoutMs: 10_000,
  functionTimeoutMs: 60_000,
  leaseMs: 30_000,
  pollIntervalMs: 2_000,
};
