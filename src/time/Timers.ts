/**
 * The timers a component schedules its own work with (retries, polls, lease
 * renewals): Node's global timers in production; tests pass manual ones
 * (test/support/ManualTimers.ts) to run those steps when they choose.
 */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
