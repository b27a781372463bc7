/**
 * stream_type values Kinora recognises (ISO/IEC 13818-1 Table 2-34; 0x81/0x87
 * are the ATSC A/52 assignments for AC-3 / E-AC-3 that ffmpeg and most
 * encoders use).
 */
export const StreamType = {
  /** ISO/IEC 13818-7 AAC with ADTS transport syntax. */
  AAC_ADTS: 0x0f,
  /** ITU-T H.264 / AVC. */
  AVC: 0x1b,
  /** ITU-T H.265 / HEVC. */
  HEVC: 0x24,
  /** ATSC A/52 AC-3. */
  AC3: 0x81,
  /** ATSC A/52 E-AC-3. */
  EAC3: 0x87,
  /** PES private data; the codec is then named by a descriptor (DVB AC-3 0x6A, E-AC-3 0x7A). */
  PRIVATE_PES: 0x06,
} as const;

export type StreamType = (typeof StreamType)[keyof typeof StreamType];
