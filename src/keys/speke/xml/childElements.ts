import type { XmlElement } from './XmlElement.ts';

/** The child elements of `parent` in namespace `namespace` named `localName`, in document order. */
export function childElements(parent: XmlElement, namespace: string, localName: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (const child of parent.children) {
    if (typeof child !== 'string' && child.namespace === namespace && child.localName === localName) found.push(child);
  }
  return found;
}
