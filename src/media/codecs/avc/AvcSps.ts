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
  /** separate_colour_plane_flag (4:4:4 coded as three monochrome planes). */
  separateColourPlane: boolean;
  /** log2_max_frame_num_minus4 + 4: the bits of a slice header's frame_num. */
  log2MaxFrameNum: number;
  pocType: number;
  /** log2_max_pic_order_cnt_lsb_minus4 + 4 with pic_order_cnt_type 0, else 0. */
  log2MaxPicOrderCntLsb: number;
  /** delta_pic_order_always_zero_flag with pic_order_cnt_type 1, else false. */
  deltaPicOrderAlwaysZero: boolean;
  /** PicWidthInMbs x PicHeightInMapUnits (7.4.2.1.1): sizes slice_group_change_cycle. */
  picSizeInMapUnits: number;
  /** Sample aspect ratio from the VUI; 1:1 when absent or unspecified. */
  sarWidth: number;
  sarHeight: number;
  /** time_scale / (2 * num_units_in_tick) from VUI timing_info, when present (E.2.1). */
  frameRate?: number;
}
