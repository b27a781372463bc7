import type { Track } from '../model/Track.ts';

/** The values of MediaPackage's `video_dynamic_range` filter, lower-cased. */
export type VideoDynamicRange = 'sdr' | 'hdr10' | 'hlg' | 'dv';

const DOLBY_VISION = new Set(['dva1', 'dvav', 'dvh1', 'dvhe', 'dav1']);

/**
 * The dynamic range of a video track, as `video_dynamic_range` compares it.
 *
 * Dolby Vision is told by its sample entry (`dvh1`, `dvhe`, `dva1`, `dvav`,
 * `dav1`). HDR10 and HLG are told by the VUI `transfer_characteristics`
 * (ITU-T H.265 / H.264 Table E.4: 16 = SMPTE ST 2084 PQ, 18 = ARIB STD-B67
 * HLG), which the SPS readers skip today and `Track` does not carry, so every
 * other track is `sdr`. Callers that know better pass their own function to
 * `applyManifestFilter`.
 */
export function videoDynamicRangeOf(track: Track): VideoDynamicRange {
  return DOLBY_VISION.has(track.codecString.trim().toLowerCase().split('.')[0]) ? 'dv' : 'sdr';
}
