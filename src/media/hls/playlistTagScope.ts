/** Tags allowed only in a Media Playlist (RFC 8216 4.3.2, 4.3.3; LL-HLS tags of draft-pantos-hls-rfc8216bis 4.4.3-4.4.5). */
const MEDIA_TAGS = new Set([
  'EXTINF',
  'EXT-X-BYTERANGE',
  'EXT-X-DISCONTINUITY',
  'EXT-X-KEY',
  'EXT-X-MAP',
  'EXT-X-PROGRAM-DATE-TIME',
  'EXT-X-DATERANGE',
  'EXT-X-GAP',
  'EXT-X-BITRATE',
  'EXT-X-PART',
  'EXT-X-TARGETDURATION',
  'EXT-X-MEDIA-SEQUENCE',
  'EXT-X-DISCONTINUITY-SEQUENCE',
  'EXT-X-ENDLIST',
  'EXT-X-PLAYLIST-TYPE',
  'EXT-X-I-FRAMES-ONLY',
  'EXT-X-PART-INF',
  'EXT-X-SERVER-CONTROL',
  'EXT-X-SKIP',
  'EXT-X-PRELOAD-HINT',
  'EXT-X-RENDITION-REPORT',
]);

/** Tags allowed only in a Multivariant Playlist (RFC 8216 4.3.4; rfc8216bis 4.4.6.7). */
const MULTIVARIANT_TAGS = new Set([
  'EXT-X-MEDIA',
  'EXT-X-STREAM-INF',
  'EXT-X-I-FRAME-STREAM-INF',
  'EXT-X-SESSION-DATA',
  'EXT-X-SESSION-KEY',
  'EXT-X-CONTENT-STEERING',
]);

/**
 * Which playlist kind a tag name (without `#`) belongs to. RFC 8216 4.1: a
 * playlist containing tags of both kinds is invalid, so one such tag decides
 * the kind. Basic and shared tags (`EXTM3U`, `EXT-X-VERSION`,
 * `EXT-X-INDEPENDENT-SEGMENTS`, `EXT-X-START`, `EXT-X-DEFINE`) and unknown
 * tags are `'any'`.
 */
export function playlistTagScope(tag: string): 'multivariant' | 'media' | 'any' {
  if (MEDIA_TAGS.has(tag)) return 'media';
  if (MULTIVARIANT_TAGS.has(tag)) return 'multivariant';
  return 'any';
}
