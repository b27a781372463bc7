/**
 * Decoder configuration of a track, as plain parameter sets rather than
 * container boxes, so every writer (avcC/hvcC/esds, Smooth CodecPrivateData,
 * TS in-band parameter sets) builds its own form from one source of truth.
 */
export type CodecConfig =
  /** ITU-T H.264: SPS and PPS NAL units without start codes (header byte included). */
  | { codec: 'avc'; sps: Uint8Array[]; pps: Uint8Array[] }
  /** ITU-T H.265: VPS, SPS and PPS NAL units without start codes (2-byte header included). */
  | { codec: 'hevc'; vps: Uint8Array[]; sps: Uint8Array[]; pps: Uint8Array[] }
  /** ISO/IEC 14496-3 1.6.2.1 AudioSpecificConfig bytes. */
  | { codec: 'aac'; audioSpecificConfig: Uint8Array }
  /** W3C WebVTT text (ISO/IEC 14496-30): no decoder configuration beyond the `WEBVTT` header. */
  | { codec: 'wvtt' };

export type CodecName = CodecConfig['codec'];
