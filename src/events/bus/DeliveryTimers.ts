/**
 * The timers a `DeliveryWorker` schedules with: retries, the poll for due
 * deliveries and lease renewals. The default is Node's global timers; tests
 * pass a manual one to run those steps when they choose.
 */
export interface DeliveryTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
