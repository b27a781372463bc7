/**
 * Which tracks one content key protects: a CPIX `ContentKeyUsageRule`
 * (DASH-IF CPIX 2.3 5.3.6; SPEKE API v2 "Encryption contract") with its
 * `intendedTrackType` and at most one video and one audio filter. A filter
 * that is present applies the key to that kind of track, within its bounds
 * (inclusive); `ALL` has both, unbounded.
 */
export interface KeyUsageRule {
  /** `ContentKeyUsageRule@intendedTrackType`: `ALL`, `VIDEO`, `AUDIO`, `SD`, `HD1`, `SD+HD1`, `STEREO_AUDIO`, ... */
  intendedTrackType: string;
  /** `VideoFilter`: pixels per picture (width x height). */
  video?: { minPixels?: number; maxPixels?: number };
  /** `AudioFilter`: channel count. */
  audio?: { minChannels?: number; maxChannels?: number };
}
