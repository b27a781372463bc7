import { MediaError } from '../errors/MediaError.ts';

/**
 * The `PLAYLIST_INVALID` error of the HLS readers: `line N: expected X, found Y`.
 * Line numbers are 1-based and count every line of the input, blank ones
 * included, so they match what an editor shows (RFC 8216 4.1: lines are
 * delimited by LF or CR LF).
 */
export function playlistError(lineNumber: number, expected: string, found: string): MediaError {
  return new MediaError('PLAYLIST_INVALID', `line ${lineNumber}: expected ${expected}, found ${found}`);
}
