import type { XmlElement } from './XmlElement.ts';

/** Builds an element: `name` as written (with its prefix), its namespace URI, attributes and children (undefined attributes are left out). */
export function newXmlElement(name: string, namespace: string, attributes: Record<string, string | undefined> = {}, children: (XmlElement | string)[] = []): XmlElement {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) kept[key] = value;
  const colon = name.indexOf(':');
  return { name, namespace, localName: colon < 0 ? name : name.slice(colon + 1), attributes: kept, children };
}
