const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Escapes text for a double-quoted XML attribute value (XML 1.0 2.4, 3.1).
 * Tabs and line breaks become character references so attribute-value
 * normalization (XML 1.0 3.3.3) does not turn them into spaces.
 */
export function escapeXmlAttribute(value: string): string {
  return value.replace(/[&<>"'\t\n\r]/g, (character) => ENTITIES[character] ?? `&#${character.charCodeAt(0)};`);
}
