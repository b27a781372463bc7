import { EventBridgeError } from './EventBridgeError.ts';

/** Longest value quoted whole in a message. */
const MAX_QUOTED = 256;

interface StringRule {
  required?: boolean;
  min?: number;
  max?: number;
  /** The API model's pattern, matched against the whole value. */
  pattern?: string;
  enum?: readonly string[];
}

/**
 * Reads the members of an EventBridge request and checks them against the
 * API model's constraints (length, pattern, range, enum), collecting
 * violations the way AWS services word them
 * (`2 validation errors detected: Value 'x!' at 'name' failed to satisfy
 * constraint: Member must satisfy regular expression pattern: ...; ...`).
 * A member of the wrong JSON type is a `SerializationException` at once.
 * Call {@link done} to throw the collected `ValidationException`.
 */
export class MemberReader {
  private readonly input: Record<string, unknown>;
  private readonly path: string;
  private readonly errors: string[];

  constructor(input: unknown, path = '', errors: string[] = []) {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      throw new EventBridgeError('SerializationException', `Expected a JSON object${path ? ` at '${path}'` : ''}`);
    }
    this.input = input as Record<string, unknown>;
    this.path = path;
    this.errors = errors;
  }

  string(name: string, rule: StringRule = {}): string | undefined {
    const value = this.present(name);
    if (value === undefined) return this.required(name, rule.required);
    if (typeof value !== 'string') this.wrongType(name, 'a string');
    this.check(name, value, rule);
    return value;
  }

  integer(name: string, rule: { required?: boolean; min?: number; max?: number } = {}): number | undefined {
    const value = this.present(name);
    if (value === undefined) return this.required(name, rule.required);
    if (typeof value !== 'number' || !Number.isInteger(value)) this.wrongType(name, 'an integer');
    if (rule.min !== undefined && value < rule.min) this.violation(name, value, `Member must have value greater than or equal to ${rule.min}`);
    if (rule.max !== undefined && value > rule.max) this.violation(name, value, `Member must have value less than or equal to ${rule.max}`);
    return value;
  }

  boolean(name: string): boolean | undefined {
    const value = this.present(name);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') this.wrongType(name, 'a boolean');
    return value;
  }

  /** A timestamp: epoch seconds (what AWS JSON 1.1 clients send) or ISO 8601 text. */
  timestamp(name: string): Date | undefined {
    const value = this.present(name);
    if (value === undefined) return undefined;
    const time = typeof value === 'number' ? new Date(value * 1000) : typeof value === 'string' ? new Date(value) : undefined;
    if (!time || Number.isNaN(time.getTime())) this.wrongType(name, 'a timestamp');
    return time;
  }

  /** A nested structure, read by its own reader (violations are reported together). */
  structure(name: string, required = false): MemberReader | undefined {
    const value = this.present(name);
    if (value === undefined) return this.required(name, required);
    return new MemberReader(value, this.memberPath(name), this.errors);
  }

  /** A list; `min`/`max` bound its length. */
  list(name: string, rule: { required?: boolean; min?: number; max?: number } = {}): unknown[] | undefined {
    const value = this.present(name);
    if (value === undefined) return this.required(name, rule.required);
    if (!Array.isArray(value)) this.wrongType(name, 'a list');
    if (rule.min !== undefined && value.length < rule.min) this.violation(name, value, `Member must have length greater than or equal to ${rule.min}`);
    if (rule.max !== undefined && value.length > rule.max) this.violation(name, value, `Member must have length less than or equal to ${rule.max}`);
    return value;
  }

  /** Readers of a list of structures, named `<list>.<n>.member` (1-based) in messages. */
  structures(name: string, rule: { required?: boolean; min?: number; max?: number } = {}): MemberReader[] {
    return (this.list(name, rule) ?? []).map((item, i) => new MemberReader(item, `${this.memberPath(name)}.${i + 1}.member`, this.errors));
  }

  /** A list of strings, each checked against `item`. */
  strings(name: string, rule: { required?: boolean; min?: number; max?: number; item?: StringRule } = {}): string[] | undefined {
    const list = this.list(name, rule);
    if (!list) return undefined;
    return list.map((item, i) => {
      if (typeof item !== 'string') this.wrongType(`${name}.${i + 1}.member`, 'a string');
      if (rule.item) this.check(`${name}.${i + 1}.member`, item, rule.item);
      return item;
    });
  }

  /** A map of strings to strings. */
  stringMap(name: string, rule: { max?: number; key?: StringRule; value?: StringRule } = {}): Record<string, string> | undefined {
    const value = this.present(name);
    if (value === undefined) return undefined;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) this.wrongType(name, 'a map');
    const entries = Object.entries(value as Record<string, unknown>);
    if (rule.max !== undefined && entries.length > rule.max) this.violation(name, value, `Member must have length less than or equal to ${rule.max}`);
    for (const [k, v] of entries) {
      if (typeof v !== 'string') this.wrongType(`${name}.${k}`, 'a string');
      if (rule.key) this.check(`${name}.key`, k, rule.key);
      if (rule.value) this.check(`${name}.${k}`, v, rule.value);
    }
    return Object.fromEntries(entries) as Record<string, string>;
  }

  /** Throws the collected violations as one `ValidationException`. */
  done(): void {
    if (this.errors.length === 0) return;
    const n = this.errors.length;
    throw new EventBridgeError('ValidationException', `${n} validation error${n > 1 ? 's' : ''} detected: ${this.errors.join('; ')}`);
  }

  private check(name: string, value: string, rule: StringRule): void {
    if (rule.min !== undefined && value.length < rule.min) this.violation(name, value, `Member must have length greater than or equal to ${rule.min}`);
    if (rule.max !== undefined && value.length > rule.max) this.violation(name, value, `Member must have length less than or equal to ${rule.max}`);
    if (rule.pattern !== undefined && !new RegExp(`^(?:${rule.pattern})$`).test(value)) {
      this.violation(name, value, `Member must satisfy regular expression pattern: ${rule.pattern}`);
    }
    if (rule.enum !== undefined && !rule.enum.includes(value)) this.violation(name, value, `Member must satisfy enum value set: [${rule.enum.join(', ')}]`);
  }

  private present(name: string): unknown {
    const value = this.input[name];
    return value === null ? undefined : value;
  }

  private required<T>(name: string, required: boolean | undefined): T | undefined {
    if (required) this.errors.push(`Value null at '${this.memberPath(name)}' failed to satisfy constraint: Member must not be null`);
    return undefined;
  }

  private violation(name: string, value: unknown, constraint: string): void {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    // AWS quotes the whole value; Kinora shortens huge ones (a 1 MB event is no message).
    const shown = text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}...` : text;
    this.errors.push(`Value '${shown}' at '${this.memberPath(name)}' failed to satisfy constraint: ${constraint}`);
  }

  private wrongType(name: string, expected: string): never {
    throw new EventBridgeError('SerializationException', `Expected ${expected} at '${this.memberPath(name)}'`);
  }

  /** AWS names members in messages with a lower-case first letter (`eventPattern`, `targets.1.member.id`). */
  private memberPath(name: string): string {
    const member = name.charAt(0).toLowerCase() + name.slice(1);
    return this.path ? `${this.path}.${member}` : member;
  }
}
