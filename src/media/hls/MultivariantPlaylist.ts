/**
 * A Multivariant (master) Playlist as read (RFC 8216 4.3.4). URIs are kept
 * as written; the caller resolves them against the playlist URL.
 */
export interface MultivariantPlaylist {
  /** `EXT-X-VERSION` (RFC 8216 4.3.1.2). */
  version?: number;
  /** `EXT-X-INDEPENDENT-SEGMENTS` (RFC 8216 4.3.5.1). */
  independentSegments: boolean;
  /** `EXT-X-STREAM-INF` tags with the URI line that follows each (RFC 8216 4.3.4.2). */
  variants: {
    uri: string;
    /** Peak segment bit rate, bits per second. */
    bandwidth: number;
    averageBandwidth?: number;
    /** RFC 6381 codec strings, split on commas. */
    codecs?: string[];
    resolution?: { width: number; height: number };
    frameRate?: number;
    /** `GROUP-ID`s of the `EXT-X-MEDIA` renditions this variant plays with. */
    audio?: string;
    video?: string;
    subtitles?: string;
    /** A `GROUP-ID`, or `NONE` (RFC 8216 4.3.4.2). */
    closedCaptions?: string;
  }[];
  /** `EXT-X-I-FRAME-STREAM-INF` (RFC 8216 4.3.4.3). */
  iframeVariants: {
    uri: string;
    bandwidth: number;
    codecs?: string[];
    resolution?: { width: number; height: number };
  }[];
  /** `EXT-X-MEDIA` renditions (RFC 8216 4.3.4.1). */
  media: {
    type: 'AUDIO' | 'VIDEO' | 'SUBTITLES' | 'CLOSED-CAPTIONS';
    groupId: string;
    name: string;
    /** Absent when the rendition is carried in the variant stream itself. */
    uri?: string;
    language?: string;
    assocLanguage?: string;
    isDefault: boolean;
    autoselect: boolean;
    forced: boolean;
    /** e.g. `2`, `6`, `16/JOC`. */
    channels?: string;
    characteristics?: string;
    /** `CC1`..`CC4` or `SERVICEn` (RFC 8216 4.3.4.1). */
    instreamId?: string;
  }[];
}
