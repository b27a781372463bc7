import type { XmlElement } from './XmlElement.ts';

/**
 * Writes an element tree as an XML 1.0 document in UTF-8 (with the XML
 * declaration): names and namespace declarations as they are held, text
 * and attribute values escaped (XML 1.0 2.4, 3.3.3: `&`, `<`, `>`, and in
 * attributes `"` and literal white space other than space, which a reader
 * would otherwise normalise away). Childless elements are self-closed.
 * With `indent`, an element whose children are all elements puts each on
 * its own line (white space a CPIX reader ignores); text content is never
 * touched.
 */
export function writeXml(root: XmlElement, options: { indent?: string } = {}): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  write(root, out, options.indent, '');
  out.push('\n');
  return out.join('');
}

function write(element: XmlElement, out: string[], indent: string | undefined, at: string): void {
  out.push('<', element.name);
  for (const [name, value] of Object.entries(element.attributes)) out.push(' ', name, '="', escapeAttribute(value), '"');
  const children = element.children.filter((child) => indent === undefined || typeof child !== 'string' || child.trim() !== '' || element.children.every((c) => typeof c === 'string'));
  if (children.length === 0) {
    out.push('/>');
    return;
  }
  out.push('>');
  const block = indent !== undefined && children.every((child) => typeof child !== 'string');
  for (const child of children) {
    if (block) out.push('\n', at, indent!);
    if (typeof child === 'string') out.push(escapeText(child));
    else write(child, out, indent, block ? at + indent! : at);
  }
  if (block) out.push('\n', at);
  out.push('</', element.name, '>');
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}
