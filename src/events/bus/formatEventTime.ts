/** An event's `time`: ISO 8601 UTC to the second, as EventBridge writes it (`2018-09-14T21:54:31Z`). */
export function formatEventTime(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
