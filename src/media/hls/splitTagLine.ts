/**
 * Splits a tag line (`#EXT-X-NAME:value`, RFC 8216 4.1) into the tag name
 * without `#` and the text after the first `:` (undefined when there is none).
 */
export function splitTagLine(line: string): { tag: string; value: string | undefined } {
  const colon = line.indexOf(':');
  return colon < 0 ? { tag: line.slice(1), value: undefined } : { tag: line.slice(1, colon), value: line.slice(colon + 1) };
}
