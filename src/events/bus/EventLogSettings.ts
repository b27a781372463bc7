/**
 * Retention of the event log (`EventStore.putEvent`): how much of it the
 * store keeps. Pruning is cheap (one indexed `DELETE`) and runs on write:
 * on a bus's first logged event and then every `pruneEvery` events it logs,
 * so the log may run up to `pruneEvery - 1` events over `maxEvents` per
 * process between prunes; it never grows without bound.
 */
export interface EventLogSettings {
  /** The newest events kept; older ones are pruned. */
  maxEvents: number;
  /** Events received longer ago than this are pruned; 0 keeps events of any age (within `maxEvents`). */
  maxAgeSeconds: number;
  /** A prune after this many logged events (1: after each). */
  pruneEvery: number;
}

/**
 * Defaults: the newest 10 000 events, none older than 30 days. With their
 * deliveries joined, a page of the log is bounded by the API's page size;
 * 10 000 events of EventBridge's 256 KB maximum would still be under 2.5 GB,
 * and Kinora's own events are about 1 KB.
 */
export const defaultEventLogSettings: EventLogSettings = {
  maxEvents: 10_000,
  maxAgeSeconds: 30 * 86_400,
  pruneEvery: 100,
};
