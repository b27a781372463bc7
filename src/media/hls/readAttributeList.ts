import { MediaError } from '../errors/MediaError.ts';

/**
 * Reads an attribute list (RFC 8216 4.2): comma-separated `NAME=value` pairs.
 * Quoted-string values are returned without their quotes and may contain
 * commas; other values (integers, floats, enumerated strings, resolutions)
 * are returned as written. Whitespace around names and after commas is
 * tolerated because some encoders emit `A=1, B=2`. A repeated name keeps its
 * last value.
 *
 * Throws `MediaError` `PLAYLIST_INVALID` naming the column; the playlist
 * readers prefix the line number.
 */
export function readAttributeList(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const length = text.length;
  let i = 0;
  while (i < length) {
    while (i < length && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i >= length) break;
    const equals = text.indexOf('=', i);
    if (equals < 0) {
      throw invalid(i, `'=' after an attribute name`, `'${text.slice(i)}'`);
    }
    const name = text.slice(i, equals).trim();
    if (name === '' || name.includes(',')) {
      throw invalid(i, 'an attribute name', `'${text.slice(i, equals)}'`);
    }
    i = equals + 1;
    let value: string;
    if (text[i] === '"') {
      const close = text.indexOf('"', i + 1);
      if (close < 0) throw invalid(i, 'a closing quote', 'end of attribute list');
      value = text.slice(i + 1, close);
      i = close + 1;
      while (i < length && (text[i] === ' ' || text[i] === '\t')) i++;
      if (i < length && text[i] !== ',') {
        throw invalid(i, `',' after quoted value of ${name}`, `'${text[i]}'`);
      }
    } else {
      const comma = text.indexOf(',', i);
      const end = comma < 0 ? length : comma;
      value = text.slice(i, end).trim();
      i = end;
    }
    attributes.set(name, value);
    i++; // past the comma
  }
  return attributes;
}

function invalid(column: number, expected: string, found: string): MediaError {
  return new MediaError('PLAYLIST_INVALID', `attribute list column ${column + 1}: expected ${expected}, found ${found}`);
}
