import { EventPatternError, type PatternLocation } from './EventPatternError.ts';
import { describeLocation } from './describeLocation.ts';

export type JsonTokenKind =
  | 'START_OBJECT'
  | 'END_OBJECT'
  | 'START_ARRAY'
  | 'END_ARRAY'
  | 'FIELD_NAME'
  | 'VALUE_STRING'
  | 'VALUE_NUMBER'
  | 'VALUE_TRUE'
  | 'VALUE_FALSE'
  | 'VALUE_NULL';

export interface JsonToken {
  kind: JsonTokenKind;
  /** Field name, string value, or the literal text of a number/`true`/`false`/`null`/bracket. */
  text: string;
  /** Numeric value of a `VALUE_NUMBER`. */
  number?: number;
}

interface Scanned {
  token: JsonToken;
  /** Offset Jackson reports as its location right after returning the token. */
  location: number;
  /** For strings, the offset after the closing quote (reached once the text is read). */
  end: number;
}

type Context =
  | { kind: 'root'; done: boolean }
  | { kind: 'object' | 'array'; start: number; state: 'first' | 'afterComma' | 'afterValue' };

const VALUE_EXPECTED = "expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
const TOKEN_EXPECTED = "was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

/**
 * A streaming JSON (RFC 8259) tokenizer that reports positions the way
 * Jackson's `ReaderBasedJsonParser` does, so pattern errors carry the same
 * `line`/`column` EventBridge prints:
 * - after a field name, Jackson has already skipped the colon and read the
 *   start of the value (a whole number or literal, one bracket, or the
 *   opening quote of a string);
 * - a string value is read lazily: the location stays after its opening
 *   quote until its text is asked for ({@link text}).
 * Syntax errors use Jackson's wording.
 */
export class JsonTokenReader {
  private readonly source: string;
  private pos = 0;
  private readonly stack: Context[] = [{ kind: 'root', done: false }];
  private pending?: Scanned;
  private locationOffset = 0;
  private current?: Scanned;

  constructor(source: string) {
    this.source = source;
  }

  /** The next token, or `undefined` at the end of the input (after the root value, or for empty input). */
  next(): JsonToken | undefined {
    let scanned = this.pending;
    this.pending = undefined;
    scanned ??= this.scan();
    if (!scanned) return undefined;
    this.current = scanned;
    this.locationOffset = Math.max(this.locationOffset, scanned.location);
    this.consumed(scanned.token);
    return scanned.token;
  }

  /** The text of the current token; for a string value this moves the location past its closing quote. */
  text(): string {
    if (!this.current) return '';
    if (this.current.token.kind === 'VALUE_STRING' && this.pending === undefined) this.locationOffset = Math.max(this.locationOffset, this.current.end);
    return this.current.token.text;
  }

  /** Jackson's current location. */
  location(): PatternLocation {
    return this.locate(this.locationOffset);
  }

  /** Throws the pattern error for `reason` at the current location. */
  fail(reason: string): never {
    throw new EventPatternError(reason, this.source, this.location());
  }

  /** Fails if anything but whitespace follows the root value. */
  expectEnd(): void {
    this.skipWhitespace();
    if (this.pos < this.source.length) this.unexpected(this.source[this.pos], 'expected end-of-input');
  }

  private consumed(token: JsonToken): void {
    const top = this.stack[this.stack.length - 1];
    switch (token.kind) {
      case 'START_OBJECT':
      case 'START_ARRAY':
        this.stack.push({ kind: token.kind === 'START_OBJECT' ? 'object' : 'array', start: this.locationOffset - 1, state: 'first' });
        return;
      case 'END_OBJECT':
      case 'END_ARRAY':
        this.stack.pop();
        this.valueDone();
        return;
      case 'FIELD_NAME':
        return;
      default:
        if (top) this.valueDone();
    }
  }

  private valueDone(): void {
    const top = this.stack[this.stack.length - 1];
    if (top.kind === 'root') top.done = true;
    else top.state = 'afterValue';
  }

  private scan(): Scanned | undefined {
    const top = this.stack[this.stack.length - 1];
    this.skipWhitespace();
    if (top.kind === 'root') {
      if (top.done || this.pos >= this.source.length) return undefined;
      return this.scanValue();
    }
    if (this.pos >= this.source.length) {
      const what = top.kind === 'object' ? 'Object' : 'Array';
      this.syntaxError(`Unexpected end-of-input: expected close marker for ${what} (start marker at ${describeLocation(this.source, this.locate(top.start))})`);
    }
    const c = this.source[this.pos];
    const close = top.kind === 'object' ? '}' : ']';
    if (top.state === 'afterValue') {
      this.pos++;
      if (c === close) return this.bracket(top.kind === 'object' ? 'END_OBJECT' : 'END_ARRAY', c);
      if (c !== ',') this.unexpected(c, `was expecting comma to separate ${top.kind === 'object' ? 'Object' : 'Array'} entries`);
      top.state = 'afterComma';
      return this.scan();
    }
    if (top.state === 'first' && c === close) {
      this.pos++;
      return this.bracket(top.kind === 'object' ? 'END_OBJECT' : 'END_ARRAY', c);
    }
    return top.kind === 'object' ? this.scanFieldName() : this.scanValue();
  }

  private bracket(kind: JsonTokenKind, text: string): Scanned {
    return { token: { kind, text }, location: this.pos, end: this.pos };
  }

  private scanFieldName(): Scanned {
    const c = this.source[this.pos];
    this.pos++;
    if (c !== '"') this.unexpected(c, 'was expecting double-quote to start field name');
    const name = this.readString();
    this.skipWhitespace();
    if (this.pos >= this.source.length) this.syntaxError('Unexpected end-of-input: was expecting a colon to separate field name and value');
    const colon = this.source[this.pos++];
    if (colon !== ':') this.unexpected(colon, 'was expecting a colon to separate field name and value');
    this.skipWhitespace();
    // Jackson reads the start of the value together with the name.
    this.pending = this.scanValue();
    return { token: { kind: 'FIELD_NAME', text: name }, location: this.pending.location, end: this.pending.location };
  }

  private scanValue(): Scanned {
    if (this.pos >= this.source.length) this.syntaxError(`Unexpected end-of-input: ${VALUE_EXPECTED}`);
    const start = this.pos;
    const c = this.source[this.pos++];
    switch (c) {
      case '{':
        return this.bracket('START_OBJECT', '{');
      case '[':
        return this.bracket('START_ARRAY', '[');
      case '"': {
        const text = this.readString();
        return { token: { kind: 'VALUE_STRING', text }, location: start + 1, end: this.pos };
      }
      case 't':
      case 'f':
      case 'n':
        return this.readLiteral(start);
      default:
        if (c === '-' || (c >= '0' && c <= '9')) return this.readNumber(start);
        if (/[A-Za-z_]/.test(c)) {
          this.pos = start;
          this.readLiteral(start);
        }
        this.unexpected(c, VALUE_EXPECTED);
    }
  }

  private readLiteral(start: number): Scanned {
    let end = start;
    while (end < this.source.length && /[A-Za-z0-9_$]/.test(this.source[end])) end++;
    const word = this.source.slice(start, end);
    this.pos = end;
    const kind = word === 'true' ? 'VALUE_TRUE' : word === 'false' ? 'VALUE_FALSE' : word === 'null' ? 'VALUE_NULL' : undefined;
    if (!kind) this.syntaxError(`Unrecognized token '${word}': ${TOKEN_EXPECTED}`);
    return { token: { kind, text: word }, location: end, end };
  }

  private readNumber(start: number): Scanned {
    const s = this.source;
    let i = start;
    if (s[i] === '-') {
      i++;
      if (!(s[i] >= '0' && s[i] <= '9')) {
        this.pos = i + 1;
        this.numberError(s[i], 'expected digit (0-9) to follow minus sign, for valid numeric value');
      }
    }
    if (s[i] === '0' && s[i + 1] >= '0' && s[i + 1] <= '9') {
      this.pos = i + 2;
      this.syntaxError('Invalid numeric value: Leading zeroes not allowed');
    }
    while (s[i] >= '0' && s[i] <= '9') i++;
    if (s[i] === '.') {
      i++;
      if (!(s[i] >= '0' && s[i] <= '9')) {
        this.pos = i + 1;
        this.numberError(s[i], 'Decimal point not followed by a digit');
      }
      while (s[i] >= '0' && s[i] <= '9') i++;
    }
    if (s[i] === 'e' || s[i] === 'E') {
      i++;
      if (s[i] === '+' || s[i] === '-') i++;
      if (!(s[i] >= '0' && s[i] <= '9')) {
        this.pos = i + 1;
        this.numberError(s[i], 'Exponent indicator not followed by a digit');
      }
      while (s[i] >= '0' && s[i] <= '9') i++;
    }
    this.pos = i;
    const text = s.slice(start, i);
    return { token: { kind: 'VALUE_NUMBER', text, number: Number(text) }, location: i, end: i };
  }

  /** Reads a string body; `pos` is just after the opening quote and ends after the closing one. */
  private readString(): string {
    const s = this.source;
    let out = '';
    let run = this.pos;
    for (;;) {
      if (this.pos >= s.length) this.syntaxError('Unexpected end-of-input: was expecting closing quote for a string value');
      const c = s[this.pos];
      const code = c.charCodeAt(0);
      if (c === '"') {
        out += s.slice(run, this.pos);
        this.pos++;
        return out;
      }
      if (code < 0x20) {
        this.pos++;
        this.syntaxError(`Illegal unquoted character (${describeChar(c)}): has to be escaped using backslash to be included in string value`);
      }
      if (c !== '\\') {
        this.pos++;
        continue;
      }
      out += s.slice(run, this.pos);
      this.pos++;
      if (this.pos >= s.length) this.syntaxError('Unexpected end-of-input in character escape sequence');
      const e = s[this.pos++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          const hex = s.slice(this.pos, this.pos + 4);
          for (let k = 0; k < 4; k++) {
            if (!/[0-9A-Fa-f]/.test(hex[k] ?? '')) {
              this.pos += k + 1;
              if (hex[k] === undefined) this.syntaxError('Unexpected end-of-input in character escape sequence');
              this.unexpected(hex[k], 'expected a hex-digit for character escape sequence');
            }
          }
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 4;
          break;
        }
        default:
          this.syntaxError(`Unrecognized character escape ${describeChar(e)}`);
      }
      run = this.pos;
    }
  }

  private skipWhitespace(): void {
    const s = this.source;
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') return;
      this.pos++;
    }
  }

  private unexpected(c: string, comment: string): never {
    this.syntaxError(`Unexpected character (${describeChar(c)}): ${comment}`);
  }

  private numberError(c: string | undefined, comment: string): never {
    if (c === undefined) this.syntaxError(`Unexpected end-of-input in a Number value`);
    this.syntaxError(`Unexpected character (${describeChar(c)}) in numeric value: ${comment}`);
  }

  private syntaxError(reason: string): never {
    this.locationOffset = Math.min(this.pos, this.source.length);
    this.fail(reason);
  }

  /**
   * 1-based line and column of the character at `offset` (for a current
   * location, the next unread character). Jackson counts CR, LF and CRLF as
   * one line break each.
   */
  private locate(offset: number): PatternLocation {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset && i < this.source.length; i++) {
      const c = this.source[i];
      if (c === '\n' || (c === '\r' && this.source[i + 1] !== '\n')) {
        line++;
        lineStart = i + 1;
      }
    }
    return { line, column: offset - lineStart + 1 };
  }
}

/** Jackson's `_getCharDesc`. */
function describeChar(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `(CTRL-CHAR, code ${code})`;
  if (code > 255) return `'${c}' (code ${code} / 0x${code.toString(16)})`;
  return `'${c}' (code ${code})`;
}
