import { splitTagLine } from './splitTagLine.ts';
import { playlistTagScope } from './playlistTagScope.ts';

/**
 * Tells a Multivariant Playlist from a Media Playlist by the first tag that
 * belongs to only one kind (RFC 8216 4.1, 4.3.3, 4.3.4). A playlist with no
 * such tag (e.g. only `#EXTM3U`) is reported as `'media'`; the reader then
 * says what is missing. Stops at the first deciding tag, so it is cheap on
 * long playlists.
 */
export function probePlaylistKind(text: string): 'multivariant' | 'media' {
  let start = 0;
  const length = text.length;
  while (start < length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = length;
    if (text.startsWith('#EXT', start) || text.startsWith('\ufeff#EXT', start)) {
      const line = text.slice(start, end).replace(/^\ufeff/, '').trim();
      const scope = playlistTagScope(splitTagLine(line).tag);
      if (scope !== 'any') return scope;
    }
    start = end + 1;
  }
  return 'media';
}
