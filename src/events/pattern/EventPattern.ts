/**
 * A compiled EventBridge event pattern (EventBridge User Guide, "Event
 * patterns" and "Content filtering"). The tree keeps the pattern's nesting so
 * that matching is array-consistent like event-ruler's `rulesForJSONEvent`:
 * fields matched under one array element must come from the same element.
 */
export interface EventPattern {
  /** Fields to match, each either a nested object pattern or a list of value matchers (OR). */
  fields: Map<string, EventPattern | ValueMatcher[]>;
  /** `$or` groups: every group needs one branch matching the same object. */
  anyOf: EventPattern[][];
}

/** Numeric bound in event-ruler's comparable form (6 decimal digits, -5e9..5e9). */
export interface NumericBound {
  comparable: number;
  inclusive: boolean;
}

/** One entry of a pattern's value list. */
export type ValueMatcher =
  /** A JSON string, number, boolean or null; numbers also compare numerically. */
  | { kind: 'exact'; value: string | number | boolean | null; comparable?: number }
  | { kind: 'prefix'; value: string; ignoreCase: boolean }
  | { kind: 'suffix'; value: string; ignoreCase: boolean }
  | { kind: 'equals-ignore-case'; value: string }
  | { kind: 'wildcard'; regex: RegExp }
  | { kind: 'numeric'; lower?: NumericBound; upper?: NumericBound }
  | { kind: 'exists'; exists: boolean }
  | { kind: 'cidr'; bottom: Uint8Array; top: Uint8Array }
  /** `anything-but` a value or a list (all strings or all numbers). */
  | { kind: 'anything-but'; strings: Set<string>; comparables: Set<number> }
  | { kind: 'anything-but-prefix'; value: string }
  | { kind: 'anything-but-suffix'; value: string }
  | { kind: 'anything-but-equals-ignore-case'; values: Set<string> }
  | { kind: 'anything-but-wildcard'; regexes: RegExp[] };
