/** event-ruler's `Constants.FIVE_BILLION`: numeric matching is limited to -5e9..5e9. */
export const NUMERIC_LIMIT = 5e9;

/** The ruler's message for a number outside the numeric-matching range (Java prints doubles as `5.0E9`). */
export const NUMERIC_RANGE_MESSAGE = 'Value must be between -5.0E9 and 5.0E9, inclusive';

/**
 * event-ruler's `ComparableNumber`: a number as an integer count of
 * millionths above -5e9, so comparisons are exact to 6 decimal places
 * (EventBridge: "15 digits of precision, or six digits to the right of the
 * decimal point"). Computed with the same double operations as the Java
 * `(long) (1E6 * (5E9 + f))`, so rounding agrees. `undefined` outside the range.
 */
export function comparableNumber(value: number): number | undefined {
  if (!Number.isFinite(value) || value < -NUMERIC_LIMIT || value > NUMERIC_LIMIT) return undefined;
  return Math.trunc(1e6 * (NUMERIC_LIMIT + value));
}
