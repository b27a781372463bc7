/**
 * What a key provider says about one DRM system for one key, beyond its
 * `pssh` box: the PlayReady Object (SPEKE v1 `speke:ProtectionHeader`,
 * v2 `mspr:pro` in `ContentProtectionData` or
 * `SmoothStreamingProtectionHeaderData`) and the HLS `EXT-X-KEY` values
 * (v1 `URIExtXKey`, `speke:KeyFormat`, `speke:KeyFormatVersions`; v2 the
 * media playlist's `HLSSignalingData`).
 */
export interface DrmSignalling {
  /** Lower-case dashed UUID. */
  systemId: string;
  /** PlayReady Object bytes: DASH `mspr:pro`, the Smooth `ProtectionHeader`, the PlayReady HLS data URI. */
  playReadyObject?: Uint8Array;
  /** `EXT-X-KEY` URI and key format the key provider chose. */
  hls?: { uri: string; keyFormat?: string; keyFormatVersions?: string };
}
