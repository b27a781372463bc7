import { JsonTokenReader, type JsonToken } from './JsonTokenReader.ts';
import { EventPatternError } from './EventPatternError.ts';
import type { EventPattern, NumericBound, ValueMatcher } from './EventPattern.ts';
import { comparableNumber, NUMERIC_RANGE_MESSAGE } from './comparableNumber.ts';
import { looksLikeIpAddress, parseIpAddress } from './parseIpAddress.ts';
import { compileWildcard } from './compileWildcard.ts';
import { foldCase } from './foldCase.ts';

/** event-ruler `Constants.RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP`. */
const RESERVED_IN_OR = new Set([
  'exactly', 'equals-ignore-case', 'prefix', 'suffix', 'anything-but', 'exists', 'wildcard', 'numeric', 'cidr',
  '=', '<', '<=', '>', '>=', 'regex', 'not-wildcard', 'not-equals-ignore-case',
  'date-after', 'date-on-or-after', 'date-before', 'date-on-or-before', 'in-date-range',
  'ip-address-in-range', 'ip-address-not-in-range',
]);

/**
 * Compiles an EventBridge event pattern, refusing what EventBridge refuses
 * with the same reasons (EventBridge User Guide, "Creating event patterns";
 * the checks and messages follow aws/event-ruler's `JsonRuleCompiler`, which
 * EventBridge runs). Supported: exact values (string, number, boolean, null),
 * nested objects, `$or`, `prefix`/`suffix` (optionally
 * `{"equals-ignore-case": ...}`), `equals-ignore-case`, `wildcard`,
 * `anything-but` (value, list, `prefix`, `suffix`, `equals-ignore-case`,
 * `wildcard`), `numeric`, `exists` and `cidr`.
 * Throws {@link EventPatternError}.
 */
export function compileEventPattern(source: string): EventPattern {
  const reader = new JsonTokenReader(source);
  if (reader.next()?.kind !== 'START_OBJECT') reader.fail('Filter is not an object');
  const pattern = readObject(reader, source, false);
  reader.expectEnd();
  return pattern;
}

function nextToken(reader: JsonTokenReader): JsonToken {
  // The reader throws on end-of-input inside a structure, so this only guards the type.
  return reader.next() ?? reader.fail('Unexpected end-of-input');
}

function readObject(reader: JsonTokenReader, source: string, insideOr: boolean): EventPattern {
  const pattern: EventPattern = { fields: new Map(), anyOf: [] };
  let fieldsPresent = false;
  for (let token = nextToken(reader); token.kind !== 'END_OBJECT'; token = nextToken(reader)) {
    fieldsPresent = true;
    const name = token.text;
    if (name === '$or') {
      pattern.anyOf.push(readOr(reader, source));
      continue;
    }
    if (insideOr && RESERVED_IN_OR.has(name)) reader.fail(`${name} is Ruler reserved fieldName which cannot be used inside $or.`);
    const value = nextToken(reader);
    if (value.kind === 'START_OBJECT') mergeField(pattern, name, readObject(reader, source, insideOr));
    else if (value.kind === 'START_ARRAY') pattern.fields.set(name, readValues(reader, source));
    else reader.fail(`"${name}" must be an object or an array`);
  }
  if (!fieldsPresent) reader.fail('Empty objects are not allowed');
  return pattern;
}

/** A repeated key: nested objects combine (the ruler flattens paths), a value list replaces. */
function mergeField(pattern: EventPattern, name: string, next: EventPattern): void {
  const existing = pattern.fields.get(name);
  if (existing && !Array.isArray(existing)) {
    for (const [k, v] of next.fields) existing.fields.set(k, v);
    existing.anyOf.push(...next.anyOf);
  } else {
    pattern.fields.set(name, next);
  }
}

function readOr(reader: JsonTokenReader, source: string): EventPattern[] {
  if (nextToken(reader).kind !== 'START_ARRAY') reader.fail('It must be an Array followed with $or.');
  const branches: EventPattern[] = [];
  for (let token = nextToken(reader); token.kind !== 'END_ARRAY'; token = nextToken(reader)) {
    if (token.kind !== 'START_OBJECT') reader.fail('Only JSON object is allowed in array of $or relationship.');
    branches.push(readObject(reader, source, true));
  }
  if (branches.length < 2) reader.fail('There must have at least 2 Objects in $or relationship.');
  return branches;
}

function readValues(reader: JsonTokenReader, source: string): ValueMatcher[] {
  const matchers: ValueMatcher[] = [];
  for (let token = nextToken(reader); token.kind !== 'END_ARRAY'; token = nextToken(reader)) {
    switch (token.kind) {
      case 'START_OBJECT':
        matchers.push(readMatchExpression(reader, source));
        break;
      case 'VALUE_STRING': {
        const value = reader.text();
        // The ruler turns IP literals into ranges, so "::1" also matches "0:0:0:0:0:0:0:1".
        const ip = looksLikeIpAddress(value) ? parseIpAddress(value) : undefined;
        matchers.push(ip ? { kind: 'cidr', bottom: ip, top: ip } : { kind: 'exact', value });
        break;
      }
      case 'VALUE_NUMBER':
        matchers.push({ kind: 'exact', value: token.number!, comparable: comparableNumber(token.number!) });
        break;
      case 'VALUE_TRUE':
      case 'VALUE_FALSE':
        matchers.push({ kind: 'exact', value: token.kind === 'VALUE_TRUE' });
        break;
      case 'VALUE_NULL':
        matchers.push({ kind: 'exact', value: null });
        break;
      default:
        reader.fail('Match value must be String, number, true, false, or null');
    }
  }
  if (matchers.length === 0) reader.fail('Empty arrays are not allowed');
  return matchers;
}

function endOfExpression(reader: JsonTokenReader): void {
  if (nextToken(reader).kind !== 'END_OBJECT') reader.fail('Only one key allowed in match expression');
}

function readMatchExpression(reader: JsonTokenReader, source: string): ValueMatcher {
  const name = nextToken(reader);
  if (name.kind !== 'FIELD_NAME') reader.fail('Match expression name not found');
  switch (name.text) {
    case 'prefix':
    case 'suffix': {
      const kind = name.text;
      const token = nextToken(reader);
      let value: string;
      let ignoreCase = false;
      if (token.kind === 'START_OBJECT') {
        // EventBridge's `{"prefix": {"equals-ignore-case": "..."}}`.
        const inner = nextToken(reader);
        if (inner.kind !== 'FIELD_NAME' || inner.text !== 'equals-ignore-case') reader.fail(`Unsupported ${kind} pattern: ${inner.text}`);
        if (nextToken(reader).kind !== 'VALUE_STRING') reader.fail(`${kind} match pattern must be a string`);
        value = reader.text();
        ignoreCase = true;
        endOfExpression(reader);
      } else {
        if (token.kind !== 'VALUE_STRING') reader.fail(`${kind} match pattern must be a string`);
        value = reader.text();
      }
      endOfExpression(reader);
      return { kind, value: ignoreCase ? foldCase(value) : value, ignoreCase };
    }
    case 'equals-ignore-case': {
      if (nextToken(reader).kind !== 'VALUE_STRING') reader.fail('equals-ignore-case match pattern must be a string');
      const value = reader.text();
      endOfExpression(reader);
      return { kind: 'equals-ignore-case', value: foldCase(value) };
    }
    case 'wildcard': {
      if (nextToken(reader).kind !== 'VALUE_STRING') reader.fail('wildcard match pattern must be a string');
      const regex = wildcardOf(reader.text(), source);
      endOfExpression(reader);
      return { kind: 'wildcard', regex };
    }
    case 'numeric':
      return readNumeric(reader);
    case 'anything-but':
      return readAnythingBut(reader, source);
    case 'exists': {
      const token = nextToken(reader);
      if (token.kind !== 'VALUE_TRUE' && token.kind !== 'VALUE_FALSE') reader.fail('exists match pattern must be either true or false.');
      endOfExpression(reader);
      return { kind: 'exists', exists: token.kind === 'VALUE_TRUE' };
    }
    case 'cidr': {
      // The ruler's message for a non-string CIDR really says "prefix".
      if (nextToken(reader).kind !== 'VALUE_STRING') reader.fail('prefix match pattern must be a string');
      const range = readCidr(reader.text(), source);
      endOfExpression(reader);
      return range;
    }
    default:
      reader.fail(`Unrecognized match type ${name.text}`);
  }
}

function readNumeric(reader: JsonTokenReader): ValueMatcher {
  if (nextToken(reader).kind !== 'START_ARRAY') reader.fail('Value of numeric must be an array.');
  let token = nextToken(reader);
  if (token.kind !== 'VALUE_STRING') reader.fail(`Invalid member in numeric match: ${reader.text()}`);
  const operator = reader.text();
  token = nextToken(reader);
  const valueOf = (label: string): number => {
    if (token.kind !== 'VALUE_NUMBER') reader.fail(`Value of ${label} must be numeric`);
    return token.number!;
  };
  let lower: { value: number; inclusive: boolean } | undefined;
  let upper: { value: number; inclusive: boolean } | undefined;
  switch (operator) {
    case '=': {
      const value = valueOf('equals');
      if (nextToken(reader).kind !== 'END_ARRAY') reader.fail('Too many elements in numeric expression');
      lower = upper = { value, inclusive: true };
      break;
    }
    case '>':
    case '>=': {
      lower = { value: valueOf(operator), inclusive: operator === '>=' };
      token = nextToken(reader);
      if (token.kind === 'END_ARRAY') break;
      if (token.kind !== 'VALUE_STRING') reader.fail(`Bad value in numeric range: ${reader.text()}`);
      const second = reader.text();
      if (second !== '<' && second !== '<=') reader.fail(`Bad numeric range operator: ${second}`);
      token = nextToken(reader);
      upper = { value: valueOf(second), inclusive: second === '<=' };
      if (nextToken(reader).kind !== 'END_ARRAY') reader.fail('Too many terms in numeric range expression');
      break;
    }
    case '<':
    case '<=': {
      upper = { value: valueOf(operator), inclusive: operator === '<=' };
      if (nextToken(reader).kind !== 'END_ARRAY') reader.fail('Too many elements in numeric expression');
      break;
    }
    default:
      reader.fail(`Unrecognized numeric range operator: ${operator}`);
  }
  const bound = (b: { value: number; inclusive: boolean } | undefined): NumericBound | undefined => {
    if (!b) return undefined;
    const comparable = comparableNumber(b.value);
    if (comparable === undefined) reader.fail(NUMERIC_RANGE_MESSAGE);
    return { comparable, inclusive: b.inclusive };
  };
  const matcher: ValueMatcher = { kind: 'numeric', lower: bound(lower), upper: bound(upper) };
  if (lower && upper && operator !== '=' && upper.value <= lower.value) reader.fail('Bottom must be less than top');
  if (nextToken(reader).kind !== 'END_OBJECT') reader.fail('Too many elements in numeric expression');
  return matcher;
}

function readAnythingBut(reader: JsonTokenReader, source: string): ValueMatcher {
  let token = nextToken(reader);
  let variant: 'values' | 'equals-ignore-case' | 'wildcard' = 'values';
  if (token.kind === 'START_OBJECT') {
    const operation = nextToken(reader);
    if (operation.kind !== 'FIELD_NAME') reader.fail('Anything-But expression name not found');
    const name = operation.text;
    if (name === 'prefix' || name === 'suffix') {
      if (nextToken(reader).kind !== 'VALUE_STRING') reader.fail('prefix/suffix match pattern must be a string');
      const value = reader.text();
      if (value === '') reader.fail('Null prefix/suffix not allowed');
      endOfExpression(reader);
      endOfExpression(reader);
      return name === 'prefix' ? { kind: 'anything-but-prefix', value } : { kind: 'anything-but-suffix', value };
    }
    if (name === 'equals-ignore-case' || name === 'wildcard') variant = name;
    else reader.fail(`Unsupported anything-but pattern: ${name}`);
    token = nextToken(reader);
  }
  if (token.kind !== 'START_ARRAY' && token.kind !== 'VALUE_STRING' && token.kind !== 'VALUE_NUMBER') {
    reader.fail('Value of anything-but must be an array or single string/number value.');
  }
  let matcher: ValueMatcher;
  if (variant !== 'values') {
    const label = variant === 'equals-ignore-case' ? 'ignore-case' : 'wildcard';
    const strings: string[] = [];
    if (token.kind === 'START_ARRAY') {
      for (let t = nextToken(reader); t.kind !== 'END_ARRAY'; t = nextToken(reader)) {
        // "nummeric" is the ruler's own spelling in this message.
        if (t.kind !== 'VALUE_STRING') reader.fail(`Inside anything-but/${label} list, nummeric|start|null|boolean is not supported.`);
        strings.push(reader.text());
      }
    } else {
      if (token.kind !== 'VALUE_STRING') reader.fail(`Inside anything-but/${label} list, number|start|null|boolean is not supported.`);
      strings.push(reader.text());
    }
    matcher = variant === 'equals-ignore-case'
      ? { kind: 'anything-but-equals-ignore-case', values: new Set(strings.map(foldCase)) }
      : { kind: 'anything-but-wildcard', regexes: strings.map((s) => wildcardOf(s, source)) };
  } else {
    const strings = new Set<string>();
    const comparables = new Set<number>();
    if (token.kind === 'START_ARRAY') {
      for (let t = nextToken(reader); t.kind !== 'END_ARRAY'; t = nextToken(reader)) {
        if (t.kind === 'VALUE_STRING') strings.add(reader.text());
        else if (t.kind === 'VALUE_NUMBER') comparables.add(comparableNumber(t.number!) ?? reader.fail(NUMERIC_RANGE_MESSAGE));
        else reader.fail('Inside anything but list, start|null|boolean is not supported.');
      }
      if ((strings.size > 0) === (comparables.size > 0)) {
        reader.fail('Inside anything but list, either all values are number or string, mixed type is not supported');
      }
    } else if (token.kind === 'VALUE_STRING') {
      strings.add(reader.text());
    } else {
      const comparable = comparableNumber(token.number!);
      // A single out-of-range number escapes the ruler's parser: no location.
      if (comparable === undefined) throw new EventPatternError(NUMERIC_RANGE_MESSAGE, source);
      comparables.add(comparable);
    }
    matcher = { kind: 'anything-but', strings, comparables };
  }
  if (nextToken(reader).kind !== 'END_OBJECT') reader.fail('Too many elements in numeric expression');
  if (variant !== 'values' && nextToken(reader).kind !== 'END_OBJECT') reader.fail('Too many elements in numeric expression');
  return matcher;
}

function wildcardOf(value: string, source: string): RegExp {
  try {
    return compileWildcard(value);
  } catch (e) {
    throw new EventPatternError((e as Error).message, source);
  }
}

/** event-ruler `CIDR.cidr`: the range runs from the address as written to its last host address. */
function readCidr(text: string, source: string): ValueMatcher {
  const fail = (reason: string): never => {
    throw new EventPatternError(reason, source);
  };
  const parts = text.split('/');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop(); // Java's String.split drops trailing empties
  if (parts.length !== 2) fail("Malformed CIDR, one '/' required");
  if (!/^[+-]?\d+$/.test(parts[1]) || Math.abs(Number(parts[1])) > 2 ** 31 - 1) fail('Malformed CIDR, mask bits must be an integer');
  const maskBits = Number(parts[1]);
  if (maskBits < 0) fail('Malformed CIDR, mask bits must not be negative');
  if (!looksLikeIpAddress(parts[0])) fail(`Nonstandard IP address: ${parts[0]}`);
  const bottom = parseIpAddress(parts[0]) ?? fail(`Invalid IP address: ${parts[0]}`);
  if (bottom.length === 4 && maskBits > 31) fail('IPv4 mask bits must be < 32');
  if (bottom.length === 16 && maskBits > 127) fail('IPv6 mask bits must be < 128');
  const top = new Uint8Array(bottom);
  let hostBits = bottom.length * 8 - maskBits;
  for (let i = top.length - 1; i >= 0 && hostBits > 0; i--, hostBits -= 8) {
    top[i] |= hostBits >= 8 ? 0xff : (1 << hostBits) - 1;
  }
  return { kind: 'cidr', bottom, top };
}
