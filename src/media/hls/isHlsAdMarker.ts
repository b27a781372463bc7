/**
 * The tags HLS sources use for ad markers: the `EXT-X-CUE-OUT` family (with
 * `EXT-OATCLS-SCTE35` and `EXT-X-ASSET`), Adobe's `EXT-X-CUE`, the
 * `EXT-X-SPLICEPOINT-SCTE35` and `EXT-X-SCTE35` tags, and
 * `EXT-X-DATERANGE` carrying SCTE-35 (RFC 8216 4.3.2.7.1).
 */
const AD_MARKER_TAGS = new Set(['EXT-X-CUE-OUT', 'EXT-X-CUE-OUT-CONT', 'EXT-X-CUE-IN', 'EXT-OATCLS-SCTE35', 'EXT-X-ASSET', 'EXT-X-CUE', 'EXT-X-SPLICEPOINT-SCTE35', 'EXT-X-SCTE35']);

/** Whether a media playlist tag (name without `#`, and its value) is an ad marker. */
export function isHlsAdMarker(tag: string, value?: string): boolean {
  if (AD_MARKER_TAGS.has(tag)) return true;
  return tag === 'EXT-X-DATERANGE' && value !== undefined && /(^|,)SCTE35-(OUT|IN|CMD)=/.test(value);
}
