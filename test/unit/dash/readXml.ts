/** An XML element as read by `readXml`. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Decoded text content (elements such as `Label`), when present. */
  text?: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * A strict reader for the XML subset the MPD writer emits (XML declaration,
 * elements, double-quoted attributes, entity and character references,
 * whitespace between elements). Throws on anything not well-formed: unmatched
 * or unclosed tags, duplicate attributes, a raw `<` or `&` in a value or
 * text, text outside an element, more than one root. Test-only, so the writer's output is checked
 * as XML without an npm parser.
 */
export function readXml(text: string): XmlElement {
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`XML not well-formed at offset ${i}: ${what} (near ${JSON.stringify(text.slice(i, i + 40))})`);
  };
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const readName = () => {
    const match = /^[A-Za-z_][\w.:-]*/.exec(text.slice(i, i + 200));
    if (match === null) fail('expected a name');
    i += match![0].length;
    return match![0];
  };
  const decode = (value: string) =>
    value.replace(/&(#\d+|#x[0-9a-fA-F]+|\w+);/g, (_, entity: string) => {
      if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
      if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
      if (!(entity in ENTITIES)) fail(`unknown entity &${entity};`);
      return ENTITIES[entity];
    });

  if (text.startsWith('<?xml')) {
    const end = text.indexOf('?>');
    if (end < 0) fail('unterminated XML declaration');
    i = end + 2;
  }
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  for (;;) {
    skipSpace();
    if (i >= text.length) break;
    if (text[i] !== '<') {
      const end = text.indexOf('<', i);
      if (stack.length === 0 || end < 0) fail('text content outside an element');
      const raw = text.slice(i, end);
      if (raw.includes('&') && /&(?!#\d+;|#x[0-9a-fA-F]+;|\w+;)/.test(raw)) fail('a raw & in text');
      const top = stack[stack.length - 1];
      top.text = (top.text ?? '') + decode(raw).trim();
      i = end;
      continue;
    }
    i++;
    if (text[i] === '/') {
      i++;
      const name = readName();
      skipSpace();
      if (text[i] !== '>') fail('expected > in end tag');
      i++;
      const open = stack.pop();
      if (open?.name !== name) fail(`end tag </${name}> does not match <${open?.name}>`);
      continue;
    }
    const element: XmlElement = { name: readName(), attributes: {}, children: [] };
    if (stack.length === 0) {
      if (root !== undefined) fail('a second root element');
      root = element;
    } else {
      stack[stack.length - 1].children.push(element);
    }
    for (;;) {
      const before = i;
      skipSpace();
      if (text.startsWith('/>', i)) {
        i += 2;
        break;
      }
      if (text[i] === '>') {
        i++;
        stack.push(element);
        break;
      }
      if (i === before) fail('expected whitespace before an attribute');
      const attribute = readName();
      if (text[i] !== '=' || text[i + 1] !== '"') fail(`expected ="..." after ${attribute}`);
      const end = text.indexOf('"', i + 2);
      if (end < 0) fail('unterminated attribute value');
      const raw = text.slice(i + 2, end);
      if (/[<]|&(?!(#\d+|#x[0-9a-fA-F]+|\w+);)/.test(raw)) fail(`raw < or & in ${attribute}`);
      if (attribute in element.attributes) fail(`duplicate attribute ${attribute}`);
      element.attributes[attribute] = decode(raw);
      i = end + 1;
    }
  }
  if (stack.length > 0) fail(`unclosed <${stack[stack.length - 1].name}>`);
  if (root === undefined) fail('no root element');
  return root!;
}
