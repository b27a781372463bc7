/**
 * A Media Playlist as read (RFC 8216 4.3.3). URIs are kept as written; the
 * caller resolves them against the playlist URL.
 */
export interface MediaPlaylist {
  /** `EXT-X-VERSION` (RFC 8216 4.3.1.2). */
  version?: number;
  /** `EXT-X-TARGETDURATION`, seconds (RFC 8216 4.3.3.1). */
  targetDuration: number;
  /** `EXT-X-MEDIA-SEQUENCE` of the first segment; 0 when absent (RFC 8216 4.3.3.2). */
  mediaSequence: number;
  /** `EXT-X-PLAYLIST-TYPE` (RFC 8216 4.3.3.5). */
  playlistType?: 'VOD' | 'EVENT';
  /** `EXT-X-ENDLIST` (RFC 8216 4.3.3.4). */
  endList: boolean;
  /** `EXT-X-INDEPENDENT-SEGMENTS` (RFC 8216 4.3.5.1). */
  independentSegments: boolean;
  /** `EXT-X-I-FRAMES-ONLY` (RFC 8216 4.3.3.6). */
  iFramesOnly: boolean;
  /** Media segments in playlist order (RFC 8216 4.3.2). */
  segments: {
    uri: string;
    /** `EXTINF` duration (RFC 8216 4.3.2.1). */
    durationSeconds: number;
    /** `EXTINF` title, the text after the comma, when not empty. */
    title?: string;
    /** `EXT-X-BYTERANGE`; `offset` resolved per RFC 8216 4.3.2.2 (continues from the previous sub-range of the same URI when omitted). */
    byteRange?: { length: number; offset: number };
    /** The `EXT-X-MAP` in force (RFC 8216 4.3.2.5); `byteRange.offset` is 0 when the attribute omits it. */
    map?: { uri: string; byteRange?: { length: number; offset: number } };
    /** `EXT-X-DISCONTINUITY` before this segment (RFC 8216 4.3.2.3). */
    discontinuity: boolean;
    /** `EXT-X-PROGRAM-DATE-TIME` of this segment, as written (RFC 8216 4.3.2.6). */
    programDateTime?: string;
    /** The `EXT-X-KEY` in force (RFC 8216 4.3.2.4); undefined when none or after `METHOD=NONE`. */
    key?: { method: string; uri?: string; iv?: string; keyFormat?: string };
    /**
     * Tags before this segment that the model does not interpret, kept
     * verbatim and in order: `EXT-X-CUE-OUT`, `EXT-X-CUE-OUT-CONT`,
     * `EXT-X-CUE-IN`, `EXT-OATCLS-SCTE35`, `EXT-X-DATERANGE`, `EXT-X-ASSET`,
     * `EXT-X-GAP`, `EXT-X-BITRATE`... `tag` is without `#`; `value` is the
     * text after the first `:`.
     */
    markers: { tag: string; value?: string }[];
  }[];
  /**
   * Uninterpreted tags after the last segment (e.g. an `EXT-X-CUE-IN` that
   * ends a post-roll), so ad insertion can see them. Always set by
   * `readMediaPlaylist`.
   */
  trailingMarkers?: { tag: string; value?: string }[];
}
