import type { EventPattern, NumericBound, ValueMatcher } from './EventPattern.ts';
import { compileEventPattern } from './compileEventPattern.ts';
import { comparableNumber } from './comparableNumber.ts';
import { compareIpAddresses, parseIpAddress } from './parseIpAddress.ts';
import { foldCase } from './foldCase.ts';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/**
 * Whether an event matches an EventBridge event pattern (EventBridge User
 * Guide, "Event patterns"; semantics of aws/event-ruler `rulesForJSONEvent`):
 * - every field of the pattern must match (AND); a value list matches when
 *   any of its entries matches any of the event's values (OR);
 * - arrays in the event are flattened: a leaf matches if any element does;
 *   fields under objects inside an array must all match within one element;
 * - only leaves (strings, numbers, booleans, null) are values: an object
 *   where the pattern expects a leaf counts as absent (`exists: false` holds);
 * - `anything-but` and every operator but `exists: false` need the field.
 * A string pattern is compiled first (and may throw `EventPatternError`).
 */
export function matchEventPattern(pattern: EventPattern | string, event: unknown): boolean {
  const compiled = typeof pattern === 'string' ? compileEventPattern(pattern) : pattern;
  return matchObject(compiled, event as Json);
}

function matchObject(pattern: EventPattern, value: Json | undefined): boolean {
  const objects = objectsOf(value);
  if (objects.length === 0) return matchFields(pattern, {});
  return objects.some((o) => matchFields(pattern, o));
}

/** The objects a nested pattern applies to: the value itself, or the objects in a (nested) array. */
function objectsOf(value: Json | undefined): JsonObject[] {
  if (value === null || typeof value !== 'object') return [];
  if (!Array.isArray(value)) return [value];
  return value.flatMap((v) => objectsOf(v));
}

function matchFields(pattern: EventPattern, object: JsonObject): boolean {
  for (const [name, node] of pattern.fields) {
    const value = Object.hasOwn(object, name) ? object[name] : undefined;
    if (Array.isArray(node) ? !matchLeaf(node, leavesOf(value)) : !matchObject(node, value)) return false;
  }
  return pattern.anyOf.every((branches) => branches.some((branch) => matchFields(branch, object)));
}

/** The leaf values at a field: a scalar, or the scalars of a (nested) array. */
function leavesOf(value: Json | undefined): Exclude<Json, Json[] | JsonObject>[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((v) => leavesOf(v));
  if (value !== null && typeof value === 'object') return [];
  return [value];
}

function matchLeaf(matchers: ValueMatcher[], values: Exclude<Json, Json[] | JsonObject>[]): boolean {
  return matchers.some((m) => {
    if (m.kind === 'exists') return m.exists === values.length > 0;
    return values.some((v) => matchValue(m, v));
  });
}

function matchValue(m: Exclude<ValueMatcher, { kind: 'exists' }>, value: string | number | boolean | null): boolean {
  switch (m.kind) {
    case 'exact':
      if (typeof m.value === 'number') {
        if (typeof value !== 'number') return false;
        const c = comparableNumber(value);
        return m.comparable !== undefined && c !== undefined ? m.comparable === c : m.value === value;
      }
      return m.value === value;
    case 'prefix':
      return typeof value === 'string' && (m.ignoreCase ? foldCase(value) : value).startsWith(m.value);
    case 'suffix':
      return typeof value === 'string' && (m.ignoreCase ? foldCase(value) : value).endsWith(m.value);
    case 'equals-ignore-case':
      return typeof value === 'string' && foldCase(value) === m.value;
    case 'wildcard':
      return typeof value === 'string' && m.regex.test(value);
    case 'numeric': {
      const c = typeof value === 'number' ? comparableNumber(value) : undefined;
      return c !== undefined && withinLower(c, m.lower) && withinUpper(c, m.upper);
    }
    case 'cidr': {
      const ip = typeof value === 'string' ? parseIpAddress(value) : undefined;
      return ip !== undefined && ip.length === m.bottom.length && compareIpAddresses(ip, m.bottom) >= 0 && compareIpAddresses(ip, m.top) <= 0;
    }
    case 'anything-but':
      if (typeof value === 'string') return !m.strings.has(value);
      if (typeof value === 'number') {
        const c = comparableNumber(value);
        return c === undefined || !m.comparables.has(c);
      }
      return true;
    case 'anything-but-prefix':
      return typeof value !== 'string' || !value.startsWith(m.value);
    case 'anything-but-suffix':
      return typeof value !== 'string' || !value.endsWith(m.value);
    case 'anything-but-equals-ignore-case':
      return typeof value !== 'string' || !m.values.has(foldCase(value));
    case 'anything-but-wildcard':
      return typeof value !== 'string' || !m.regexes.some((r) => r.test(value));
  }
}

function withinLower(c: number, bound: NumericBound | undefined): boolean {
  return !bound || (bound.inclusive ? c >= bound.comparable : c > bound.comparable);
}

function withinUpper(c: number, bound: NumericBound | undefined): boolean {
  return !bound || (bound.inclusive ? c <= bound.comparable : c < bound.comparable);
}
