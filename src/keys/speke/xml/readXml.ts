import type { XmlElement } from './XmlElement.ts';
import { XmlError } from './XmlError.ts';

/** Bounds on what `readXml` accepts; every one is checked before the work it bounds. */
export interface XmlLimits {
  /** Characters in the whole document. */
  maxChars: number;
  /** Nesting depth of elements (the root is depth 1). */
  maxDepth: number;
  /** Elements in the whole document. */
  maxElements: number;
  /** Attributes on one element. */
  maxAttributes: number;
}

const DEFAULT_LIMITS: XmlLimits = { maxChars: 1 << 20, maxDepth: 32, maxElements: 20_000, maxAttributes: 64 };
const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
/** XML 1.0 2.2 Char, minus what a key exchange document never needs (the C0 controls other than tab, LF, CR). */
const FORBIDDEN_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const NAME_START = /[A-Za-z_\u00C0-\uFFFF]/;
const NAME_CHAR = /[A-Za-z0-9._\-\u00B7\u00C0-\uFFFF]/;

/**
 * A small, strict, namespace-aware XML 1.0 reader for documents that come
 * from other machines (CPIX key exchange), written so that no document can
 * make it do more work than its size allows:
 *
 * - **No DTD, ever.** A `<!DOCTYPE` is refused outright, so there are no
 *   entity declarations to expand: the "billion laughs" and external-entity
 *   (XXE) attacks have nothing to work with. References are limited to the
 *   five predefined entities (XML 1.0 4.6) and character references, whose
 *   code points must be XML characters (2.2).
 * - **Bounded:** document size, element count, depth and attributes per
 *   element (`XmlLimits`), each checked as it is reached.
 * - **Namespaces resolved** (Namespaces in XML 1.0 5): every element knows
 *   its namespace URI, so a document that binds `urn:dashif:org:cpix` to
 *   another prefix, or as the default namespace, reads the same; an unbound
 *   prefix is an error.
 * - Comments and processing instructions are skipped; CDATA sections are
 *   text. Anything not well-formed throws `XmlError` naming the offset.
 *
 * Why not a library: Node has no XML parser, and the point of this one is
 * to be small enough to audit; CPIX needs nothing more.
 */
export function readXml(text: string, limits: Partial<XmlLimits> = {}): XmlElement {
  const bounds = { ...DEFAULT_LIMITS, ...limits };
  if (text.length > bounds.maxChars) throw new XmlError(`document of ${text.length} characters is over the ${bounds.maxChars}-character limit`);
  const bad = FORBIDDEN_CHARACTER.exec(text);
  if (bad) throw new XmlError(`character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')} at offset ${bad.index} is not allowed in XML`);
  const reader = new Reader(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, bounds);
  return reader.document();
}

class Reader {
  private readonly s: string;
  private readonly limits: XmlLimits;
  private at = 0;
  private elements = 0;

  constructor(s: string, limits: XmlLimits) {
    this.s = s;
    this.limits = limits;
  }

  document(): XmlElement {
    if (this.s.startsWith('<?xml', this.at) && /[\s?]/.test(this.s[this.at + 5] ?? '')) this.declaration();
    this.misc();
    if (this.s[this.at] !== '<') throw this.error('the root element');
    const root = this.element(new Map([['xml', XML_NAMESPACE]]), 1);
    this.misc();
    if (this.at < this.s.length) throw this.error('the end of the document after the root element');
    return root;
  }

  /** XMLDecl (2.8): the document was decoded as UTF-8, so another declared encoding is refused. */
  private declaration(): void {
    const end = this.s.indexOf('?>', this.at);
    if (end < 0) throw this.error("'?>' closing the XML declaration");
    const encoding = /encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(this.s.slice(this.at, end));
    if (encoding && !/^utf-?8$/i.test(encoding[1])) throw new XmlError(`the document declares encoding "${encoding[1]}"; only UTF-8 is accepted`);
    this.at = end + 2;
  }

  /** Comments, processing instructions and white space between top-level constructs (2.8 Misc). */
  private misc(): void {
    for (;;) {
      this.skipSpace();
      if (this.s.startsWith('<!--', this.at)) this.comment();
      else if (this.s.startsWith('<?', this.at)) this.processingInstruction();
      else if (this.s.startsWith('<!', this.at)) throw this.refuseDeclaration();
      else return;
    }
  }

  private element(scope: Map<string, string>, depth: number): XmlElement {
    if (depth > this.limits.maxDepth) throw new XmlError(`elements nest deeper than ${this.limits.maxDepth} at offset ${this.at}`);
    if (++this.elements > this.limits.maxElements) throw new XmlError(`the document has more than ${this.limits.maxElements} elements`);
    this.at++; // '<'
    const name = this.name();
    const attributes: Record<string, string> = {};
    let count = 0;
    let selfClosing = false;
    for (;;) {
      const spaced = this.skipSpace();
      const c = this.s[this.at];
      if (c === '>') {
        this.at++;
        break;
      }
      if (c === '/' && this.s[this.at + 1] === '>') {
        this.at += 2;
        selfClosing = true;
        break;
      }
      if (!spaced) throw this.error(`white space, '>' or '/>' in the start tag of <${name}>`);
      const attribute = this.name();
      this.skipSpace();
      if (this.s[this.at] !== '=') throw this.error(`'=' after attribute ${attribute} of <${name}>`);
      this.at++;
      this.skipSpace();
      const quote = this.s[this.at];
      if (quote !== '"' && quote !== "'") throw this.error(`a quoted value for attribute ${attribute} of <${name}>`);
      const close = this.s.indexOf(quote, this.at + 1);
      if (close < 0) throw this.error(`the closing quote of attribute ${attribute}`);
      const raw = this.s.slice(this.at + 1, close);
      if (raw.includes('<')) throw new XmlError(`attribute ${attribute} of <${name}> contains '<' (offset ${this.at})`);
      if (Object.hasOwn(attributes, attribute)) throw new XmlError(`attribute ${attribute} appears twice on <${name}> (offset ${this.at})`);
      if (++count > this.limits.maxAttributes) throw new XmlError(`<${name}> has more than ${this.limits.maxAttributes} attributes`);
      // Attribute-value normalisation (3.3.3): literal white space becomes a space; references are replaced after.
      attributes[attribute] = this.replaceReferences(raw.replace(/[\t\n\r]/g, ' '), this.at + 1);
      this.at = close + 1;
    }
    const inner = new Map(scope);
    for (const [attribute, value] of Object.entries(attributes)) {
      if (attribute === 'xmlns') inner.set('', value);
      else if (attribute.startsWith('xmlns:')) {
        if (value === '') throw new XmlError(`${attribute} may not be bound to the empty namespace (Namespaces in XML 1.0 5)`);
        inner.set(attribute.slice(6), value);
      }
    }
    const colon = name.indexOf(':');
    const prefix = colon < 0 ? '' : name.slice(0, colon);
    const namespace = inner.get(prefix);
    if (namespace === undefined) {
      if (prefix !== '') throw new XmlError(`prefix "${prefix}" of <${name}> is not bound to a namespace`);
    }
    for (const attribute of Object.keys(attributes)) {
      const p = attribute.indexOf(':');
      if (p > 0 && attribute.slice(0, p) !== 'xmlns' && !inner.has(attribute.slice(0, p))) throw new XmlError(`prefix of attribute ${attribute} on <${name}> is not bound to a namespace`);
    }
    const element: XmlElement = { name, namespace: namespace ?? '', localName: colon < 0 ? name : name.slice(colon + 1), attributes, children: [] };
    if (selfClosing) return element;
    this.content(element, inner, depth);
    return element;
  }

  private content(element: XmlElement, scope: Map<string, string>, depth: number): void {
    for (;;) {
      const next = this.s.indexOf('<', this.at);
      if (next < 0) throw this.error(`</${element.name}>`);
      if (next > this.at) this.text(element, this.replaceReferences(this.s.slice(this.at, next), this.at));
      this.at = next;
      if (this.s.startsWith('</', this.at)) {
        this.at += 2;
        const name = this.name();
        this.skipSpace();
        if (name !== element.name || this.s[this.at] !== '>') throw new XmlError(`expected </${element.name}> at offset ${next}, found </${name}`);
        this.at++;
        return;
      }
      if (this.s.startsWith('<!--', this.at)) this.comment();
      else if (this.s.startsWith('<![CDATA[', this.at)) {
        const end = this.s.indexOf(']]>', this.at + 9);
        if (end < 0) throw this.error("']]>' closing a CDATA section");
        this.text(element, this.s.slice(this.at + 9, end));
        this.at = end + 3;
      } else if (this.s.startsWith('<!', this.at)) throw this.refuseDeclaration();
      else if (this.s.startsWith('<?', this.at)) this.processingInstruction();
      else element.children.push(this.element(scope, depth + 1));
    }
  }

  private text(element: XmlElement, value: string): void {
    const last = element.children.length - 1;
    if (last >= 0 && typeof element.children[last] === 'string') element.children[last] += value;
    else element.children.push(value);
  }

  /** Entity and character references (4.1): the five predefined entities and `&#...;`, nothing else. */
  private replaceReferences(raw: string, offset: number): string {
    if (!raw.includes('&')) return raw;
    return raw.replace(/&([^;&\s]*);?/g, (whole, body: string, index: number) => {
      if (!whole.endsWith(';')) throw new XmlError(`'&' at offset ${offset + index} does not start a reference ending in ';'`);
      if (body.startsWith('#')) {
        const code = /^#x[0-9a-fA-F]{1,6}$/.test(body) ? parseInt(body.slice(2), 16) : /^#[0-9]{1,7}$/.test(body) ? parseInt(body.slice(1), 10) : NaN;
        const ok = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
        if (!ok) throw new XmlError(`character reference &${body}; at offset ${offset + index} is not an XML character`);
        return String.fromCodePoint(code);
      }
      const value = PREDEFINED[body];
      if (value === undefined) throw new XmlError(`entity reference &${body}; at offset ${offset + index} is not one of XML's five predefined entities (no DTD entity is ever expanded)`);
      return value;
    });
  }

  private comment(): void {
    const end = this.s.indexOf('-->', this.at + 4);
    if (end < 0) throw this.error("'-->' closing a comment");
    this.at = end + 3;
  }

  private processingInstruction(): void {
    const end = this.s.indexOf('?>', this.at + 2);
    if (end < 0) throw this.error("'?>' closing a processing instruction");
    if (/^xml[\s?]/i.test(this.s.slice(this.at + 2, this.at + 6))) throw new XmlError(`an XML declaration is only allowed at the very start (offset ${this.at})`);
    this.at = end + 2;
  }

  private refuseDeclaration(): XmlError {
    const what = this.s.startsWith('<!DOCTYPE', this.at) ? 'a DOCTYPE' : `markup declaration "${this.s.slice(this.at, this.at + 12)}"`;
    return new XmlError(`${what} at offset ${this.at}: DTDs and entity declarations are never accepted`);
  }

  private name(): string {
    const start = this.at;
    if (!NAME_START.test(this.s[this.at] ?? '')) throw this.error('a name');
    this.at++;
    let colons = 0;
    while (this.at < this.s.length) {
      const c = this.s[this.at];
      if (c === ':') colons++;
      else if (!NAME_CHAR.test(c)) break;
      this.at++;
    }
    const name = this.s.slice(start, this.at);
    if (colons > 1 || name.endsWith(':')) throw new XmlError(`"${name}" at offset ${start} is not a qualified name`);
    return name;
  }

  /** Skips white space (2.3 S); true when there was some. */
  private skipSpace(): boolean {
    const start = this.at;
    while (this.at < this.s.length) {
      const c = this.s.charCodeAt(this.at);
      if (c !== 0x20 && c !== 0x9 && c !== 0xa && c !== 0xd) break;
      this.at++;
    }
    return this.at > start;
  }

  private error(expected: string): XmlError {
    const found = this.at >= this.s.length ? 'the end of the document' : `"${this.s.slice(this.at, this.at + 20)}"`;
    return new XmlError(`expected ${expected} at offset ${this.at}, found ${found}`);
  }
}
