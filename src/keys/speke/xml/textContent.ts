import type { XmlElement } from './XmlElement.ts';

/** The text of an element and its descendants, concatenated (DOM `textContent`). */
export function textContent(element: XmlElement): string {
  let text = '';
  for (const child of element.children) text += typeof child === 'string' ? child : textContent(child);
  return text;
}
