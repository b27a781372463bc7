/**
 * One element of a parsed XML document (XML 1.0 3, Namespaces in XML 1.0
 * 6): its name as written (`cpix:ContentKey`), the namespace URI its prefix
 * resolves to and its local name, its attributes as written (namespace
 * declarations included, so the element can be written back unchanged) and
 * its children in document order: elements, and text with references
 * already replaced.
 */
export interface XmlElement {
  name: string;
  /** Namespace URI of the element ('' when it has none). */
  namespace: string;
  localName: string;
  /** Attribute values by name as written (`kid`, `xmlns:cpix`), references replaced. */
  attributes: Record<string, string>;
  children: (XmlElement | string)[];
}
