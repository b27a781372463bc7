/**
 * A manifest's stream selection, as in the MediaPackage VOD API model
 * (2018-11-07, shape `StreamSelection`): only the video bitrate is compared
 * (user guide, "Stream selection" of the packaging configuration pages).
 * Structurally the same as the catalog's record, which the core cannot import.
 */
export interface StreamSelection {
  /** Lowest video bitrate kept, inclusive (bits per second). */
  minVideoBitsPerSecond?: number;
  /** Highest video bitrate kept, inclusive (bits per second). */
  maxVideoBitsPerSecond?: number;
  /** Order of the video renditions; default `ORIGINAL`. */
  streamOrder?: 'ORIGINAL' | 'VIDEO_BITRATE_ASCENDING' | 'VIDEO_BITRATE_DESCENDING';
}
