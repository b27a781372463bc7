/**
 * The fields of an H.264 sequence parameter set that packaging needs
 * (ITU-T H.264 7.3.2.1.1, VUI E.1.1). `width`/`height` are the displayed size,
 * i.e. after frame cropping.
 */
export interface AvcSps {
  profileIdc: number;
  /** The whole byte holding constraint_set0_flag..constraint_set5_flag and reserved_zero_2bits (the "CC" of `avc1.PPCCLL`). */
  constraintSetFlags: number;
  levelIdc: number;
  seqParameterSetId: number;
  /** 1 (4:2:0) when the profile does not signal it. */
  chromaFormatIdc: number;
  bitDepthLumaMinus8: number;
  bitDepthChromaMinus8: number;
  width: number;
  height: number;
  frameMbsOnly: boolean;
  /** Sample aspect ratio from the VUI; 1:1 when absent or unspecified. */
  sarWidth: number;
  sarHeight: number;
  /** time_scale / (2 * num_units_in_tick) from VUI timing_info, when present (E.2.1). */
  frameRate?: number;
}
