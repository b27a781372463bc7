import { splitTagLine } from './splitTagLine.ts';
import type { MediaPlaylist } from './MediaPlaylist.ts';
import { playlistError } from './playlistError.ts';
import { playlistTagScope } from './playlistTagScope.ts';
import { quoteExcerpt } from './quoteExcerpt.ts';
import { readPlaylistLines } from './readPlaylistLines.ts';
import { readTagAttributes } from './readTagAttributes.ts';

type Segment = MediaPlaylist['segments'][number];
type Marker = Segment['markers'][number];
type ByteRange = { length: number; offset: number };

/** RFC 8216 4.2 decimal-floating-point, non-negative. */
const DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/;
const INTEGER = /^\d+$/;
const BYTE_RANGE = /^(\d+)(?:@(\d+))?$/;

/**
 * Playlist-level tags the model does not carry; skipped rather than kept as
 * segment markers (RFC 8216 4.3.3.3, 4.3.5.2; LL-HLS and variable tags of
 * rfc8216bis 4.4.3, 4.4.2.3). `EXT-X-ALLOW-CACHE` was removed in protocol
 * version 7 but old packagers still write it.
 */
const SKIPPED_TAGS = new Set([
  'EXT-X-DISCONTINUITY-SEQUENCE',
  'EXT-X-START',
  'EXT-X-ALLOW-CACHE',
  'EXT-X-DEFINE',
  'EXT-X-PART-INF',
  'EXT-X-SERVER-CONTROL',
  'EXT-X-PART',
  'EXT-X-PRELOAD-HINT',
  'EXT-X-RENDITION-REPORT',
  'EXT-X-SKIP',
]);

/**
 * Reads a Media Playlist (RFC 8216 4.3.3). One pass over the lines, no string
 * building, so a 100,000-segment playlist reads in linear time.
 *
 * - `EXT-X-MAP` and `EXT-X-KEY` apply to every following segment until
 *   replaced (RFC 8216 4.3.2.4, 4.3.2.5); segments share the same object.
 *   `METHOD=NONE` clears the key. When several `EXT-X-KEY` tags (one per
 *   `KEYFORMAT`, for multi-DRM) precede a segment, the last one is kept.
 * - `EXT-X-BYTERANGE` without an offset continues from the previous
 *   segment's sub-range, which must be of the same URI (RFC 8216 4.3.2.2).
 * - Unknown tags (ad markers and the like) are kept verbatim in `markers`
 *   of the next segment, or `trailingMarkers` after the last one.
 *
 * Throws `MediaError` `PLAYLIST_INVALID` with the line number when the
 * first line is not `#EXTM3U`, an `EXTINF` duration is not a non-negative
 * decimal, a URI has no `EXTINF`, `EXT-X-TARGETDURATION` is missing, or a
 * Multivariant Playlist tag is found.
 */
export function readMediaPlaylist(text: string): MediaPlaylist {
  const lines = readPlaylistLines(text);
  let version: number | undefined;
  let targetDuration: number | undefined;
  let mediaSequence = 0;
  let playlistType: 'VOD' | 'EVENT' | undefined;
  let endList = false;
  let independentSegments = false;
  let iFramesOnly = false;
  const segments: Segment[] = [];

  let duration: number | undefined;
  let durationLine = 0;
  let title: string | undefined;
  let byteRange: { length: number; offset?: number } | undefined;
  let byteRangeLine = 0;
  let discontinuity = false;
  let programDateTime: string | undefined;
  let markers: Marker[] = [];
  let map: Segment['map'];
  let key: Segment['key'];
  let previous: Segment | undefined;

  for (let index = 1; index < lines.length; index++) {
    const line = lines[index];
    const lineNumber = index + 1;
    if (line === '') continue;
    if (line.charCodeAt(0) !== 0x23 /* # */) {
      if (duration === undefined) {
        throw playlistError(lineNumber, '#EXTINF before the segment URI', quoteExcerpt(line));
      }
      const segment: Segment = { uri: line, durationSeconds: duration, discontinuity, markers };
      if (title !== undefined) segment.title = title;
      if (byteRange !== undefined) {
        let offset = byteRange.offset;
        if (offset === undefined) {
          if (previous?.byteRange === undefined || previous.uri !== line) {
            throw playlistError(
              byteRangeLine,
              'an EXT-X-BYTERANGE offset (the previous segment is not a sub-range of the same URI)',
              'none',
            );
          }
          offset = previous.byteRange.offset + previous.byteRange.length;
        }
        segment.byteRange = { length: byteRange.length, offset };
      }
      if (map !== undefined) segment.map = map;
      if (programDateTime !== undefined) segment.programDateTime = programDateTime;
      if (key !== undefined) segment.key = key;
      segments.push(segment);
      previous = segment;
      duration = undefined;
      title = undefined;
      byteRange = undefined;
      discontinuity = false;
      programDateTime = undefined;
      markers = [];
      continue;
    }
    if (!line.startsWith('#EXT')) continue; // comment (RFC 8216 4.1)

    const { tag, value } = splitTagLine(line);
    switch (tag) {
      case 'EXTINF': {
        const comma = value === undefined ? -1 : value.indexOf(',');
        const durationText = (comma < 0 ? (value ?? '') : value!.slice(0, comma)).trim();
        if (!DECIMAL.test(durationText)) {
          throw playlistError(lineNumber, 'a non-negative decimal EXTINF duration', quoteExcerpt(durationText));
        }
        duration = Number(durationText);
        durationLine = lineNumber;
        const rest = comma < 0 ? '' : value!.slice(comma + 1).trim();
        title = rest === '' ? undefined : rest;
        break;
      }
      case 'EXT-X-BYTERANGE': {
        const match = BYTE_RANGE.exec(value ?? '');
        if (match === null) throw playlistError(lineNumber, 'EXT-X-BYTERANGE:<length>[@<offset>]', quoteExcerpt(line));
        byteRange = { length: Number(match[1]) };
        if (match[2] !== undefined) byteRange.offset = Number(match[2]);
        byteRangeLine = lineNumber;
        break;
      }
      case 'EXT-X-TARGETDURATION':
        targetDuration = readNumber(value, DECIMAL, lineNumber, 'a decimal EXT-X-TARGETDURATION');
        break;
      case 'EXT-X-MEDIA-SEQUENCE':
        mediaSequence = readNumber(value, INTEGER, lineNumber, 'an integer EXT-X-MEDIA-SEQUENCE');
        break;
      case 'EXT-X-VERSION':
        version = readNumber(value, INTEGER, lineNumber, 'an integer EXT-X-VERSION');
        break;
      case 'EXT-X-PLAYLIST-TYPE':
        if (value !== 'VOD' && value !== 'EVENT') {
          throw playlistError(lineNumber, 'EXT-X-PLAYLIST-TYPE VOD or EVENT', quoteExcerpt(value ?? ''));
        }
        playlistType = value;
        break;
      case 'EXT-X-ENDLIST':
        endList = true;
        break;
      case 'EXT-X-INDEPENDENT-SEGMENTS':
        independentSegments = true;
        break;
      case 'EXT-X-I-FRAMES-ONLY':
        iFramesOnly = true;
        break;
      case 'EXT-X-DISCONTINUITY':
        discontinuity = true;
        break;
      case 'EXT-X-PROGRAM-DATE-TIME':
        programDateTime = value;
        break;
      case 'EXT-X-MAP': {
        const attributes = readTagAttributes(value, lineNumber);
        const uri = attributes.get('URI');
        if (uri === undefined) throw playlistError(lineNumber, 'a URI attribute in EXT-X-MAP', quoteExcerpt(line));
        map = { uri };
        const range = attributes.get('BYTERANGE');
        if (range !== undefined) {
          const match = BYTE_RANGE.exec(range);
          if (match === null) throw playlistError(lineNumber, 'EXT-X-MAP BYTERANGE="<length>[@<offset>]"', quoteExcerpt(range));
          map.byteRange = { length: Number(match[1]), offset: match[2] === undefined ? 0 : Number(match[2]) };
        }
        break;
      }
      case 'EXT-X-KEY': {
        const attributes = readTagAttributes(value, lineNumber);
        const method = attributes.get('METHOD');
        if (method === undefined) throw playlistError(lineNumber, 'a METHOD attribute in EXT-X-KEY', quoteExcerpt(line));
        if (method === 'NONE') {
          key = undefined;
          break;
        }
        key = { method };
        const uri = attributes.get('URI');
        const iv = attributes.get('IV');
        const keyFormat = attributes.get('KEYFORMAT');
        if (uri !== undefined) key.uri = uri;
        if (iv !== undefined) key.iv = iv;
        if (keyFormat !== undefined) key.keyFormat = keyFormat;
        break;
      }
      default: {
        if (playlistTagScope(tag) === 'multivariant') {
          throw playlistError(lineNumber, 'a Media Playlist tag', `#${tag} (a Multivariant Playlist tag)`);
        }
        if (SKIPPED_TAGS.has(tag)) break;
        markers.push(value === undefined ? { tag } : { tag, value });
      }
    }
  }

  if (duration !== undefined) {
    throw playlistError(durationLine, 'a segment URI after #EXTINF', 'end of playlist');
  }
  if (targetDuration === undefined) {
    throw playlistError(lines.length, '#EXT-X-TARGETDURATION', 'end of playlist without it');
  }
  const playlist: MediaPlaylist = {
    targetDuration,
    mediaSequence,
    endList,
    independentSegments,
    iFramesOnly,
    segments,
    trailingMarkers: markers,
  };
  if (version !== undefined) playlist.version = version;
  if (playlistType !== undefined) playlist.playlistType = playlistType;
  return playlist;
}

function readNumber(value: string | undefined, pattern: RegExp, lineNumber: number, expected: string): number {
  const text = (value ?? '').trim();
  if (!pattern.test(text)) throw playlistError(lineNumber, expected, quoteExcerpt(text));
  return Number(text);
}
