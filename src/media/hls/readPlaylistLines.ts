import { playlistError } from './playlistError.ts';
import { quoteExcerpt } from './quoteExcerpt.ts';

/**
 * Splits a playlist into lines (RFC 8216 4.1: LF or CR LF; a leading UTF-8
 * BOM and surrounding whitespace are tolerated) and checks that the first line
 * is `#EXTM3U` (RFC 8216 4.3.1.1). Index `i` of the result is line `i + 1`.
 * One `split` keeps this linear in the input size.
 */
export function readPlaylistLines(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) lines[i] = lines[i].trim();
  if (lines[0] !== '#EXTM3U') {
    throw playlistError(1, '#EXTM3U', lines[0] === '' ? 'an empty line' : quoteExcerpt(lines[0]));
  }
  return lines;
}

