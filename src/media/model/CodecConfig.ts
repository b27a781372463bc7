/**
 * Decoder configuration of a track, as plain parameter sets rather than
 * container boxes, so every writer (avcC/hvcC/esds/dac3/dec3, Smooth
 * CodecPrivateData, TS in-band parameter sets) builds its own form from one
 * source of truth.
 */
export type CodecConfig =
  /** ITU-T H.264: SPS and PPS NAL units without start codes (header byte included). */
  | { codec: 'avc'; sps: Uint8Array[]; pps: Uint8Array[] }
  /** ITU-T H.265: VPS, SPS and PPS NAL units without start codes (2-byte header included). */
  | { codec: 'hevc'; vps: Uint8Array[]; sps: Uint8Array[]; pps: Uint8Array[] }
  /** ISO/IEC 14496-3 1.6.2.1 AudioSpecificConfig bytes. */
  | { codec: 'aac'; audioSpecificConfig: Uint8Array }
  /** ATSC A/52 AC-3: the AC3SpecificBox payload (`dac3` without its box header, ETSI TS 102 366 F.4), 3 bytes. */
  | { codec: 'ac3'; dac3: Uint8Array }
  /** ATSC A/52 Annex E E-AC-3: the EC3SpecificBox payload (`dec3` without its box header, ETSI TS 102 366 F.6). */
  | { codec: 'ec3'; dec3: Uint8Array }
  /** W3C WebVTT text (ISO/IEC 14496-30): no decoder configuration beyond the `WEBVTT` header. */
  | { codec: 'wvtt' };

export type CodecName = CodecConfig['codec'];
