import { quotedString } from './quotedString.ts';
import type { HlsKey } from '../cenc/HlsKey.ts';
import { writeHlsKeyAttributes } from '../cenc/writeHlsKeyAttributes.ts';

/** One I-frame: a byte range of a media segment that decodes alone (with the map, for fMP4). */
export interface IframeEntry {
  uri: string;
  offset: number;
  length: number;
  /** Until the next I-frame (RFC 8216 4.3.3.6: the EXTINF of an I-frame is the time to the next one). */
  durationSeconds: number;
}

/**
 * Writes an I-frame-only Media Playlist (RFC 8216 4.3.3.6, `EXT-X-I-FRAMES-ONLY`,
 * version 4 for `EXT-X-BYTERANGE`, 5 for `KEYFORMAT`, 7 with an `EXT-X-MAP`):
 * each entry is a byte range of a regular segment holding one key frame, for
 * trick play. Encrypted output gets the `EXT-X-KEY` tags of its media
 * playlist, after the map (they apply to every entry).
 */
export function writeIframePlaylist(entries: readonly IframeEntry[], options: { initUri?: string; keys?: readonly HlsKey[] } = {}): string {
  let target = 1;
  for (const e of entries) target = Math.max(target, Math.round(e.durationSeconds));
  const keys = options.keys ?? [];
  const keyFormats = keys.some((key) => key.keyFormat !== undefined || key.keyFormatVersions !== undefined);
  const lines = [
    '#EXTM3U',
    `#EXT-X-VERSION:${options.initUri !== undefined ? 7 : keyFormats ? 5 : 4}`,
    `#EXT-X-TARGETDURATION:${target}`,
    '#EXT-X-MEDIA-SEQUENCE:1',
    '#EXT-X-PLAYLIST-TYPE:VOD',
    '#EXT-X-I-FRAMES-ONLY',
  ];
  if (options.initUri !== undefined) lines.push(`#EXT-X-MAP:URI=${quotedString(options.initUri)}`);
  for (const key of keys) lines.push(`#EXT-X-KEY:${writeHlsKeyAttributes(key)}`);
  for (const e of entries) lines.push(`#EXTINF:${e.durationSeconds.toFixed(5)},`, `#EXT-X-BYTERANGE:${e.length}@${e.offset}`, e.uri);
  lines.push('#EXT-X-ENDLIST', '');
  return lines.join('\n');
}
