/**
 * An RFC 8216 4.2 quoted-string. It cannot contain `"`, CR or LF and has no
 * escape syntax, so those characters are replaced (`"` by `'`, line breaks by
 * a space) rather than producing a playlist no player can read.
 */
export function quotedString(value: string): string {
  return `"${value.replace(/"/g, "'").replace(/[\r\n]+/g, ' ')}"`;
}
