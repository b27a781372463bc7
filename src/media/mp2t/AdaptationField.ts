/** The adaptation field fields Kinora uses (ISO/IEC 13818-1 2.4.3.4 / 2.4.3.5). */
export interface AdaptationField {
  /** adaptation_field_length: bytes after the length byte itself. */
  length: number;
  discontinuityIndicator: boolean;
  randomAccessIndicator: boolean;
  elementaryStreamPriorityIndicator: boolean;
  /** program_clock_reference_base, 33 bits at 90 kHz. */
  pcrBase?: number;
  /** program_clock_reference_extension, 0..299 at 27 MHz. */
  pcrExtension?: number;
  /** The full PCR at 27 MHz: base * 300 + extension (2-1). */
  pcr?: number;
}
