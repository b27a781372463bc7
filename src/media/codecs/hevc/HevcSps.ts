import type { ShortTermRefPicSet } from './ShortTermRefPicSet.ts';

/**
 * The fields of an H.265 sequence parameter set that packaging needs
 * (ITU-T H.265 7.3.2.2 with profile_tier_level 7.3.3 and VUI E.2.1).
 * `width`/`height` are after the conformance window.
 */
export interface HevcSps {
  videoParameterSetId: number;
  maxSubLayersMinus1: number;
  temporalIdNestingFlag: boolean;
  generalProfileSpace: number;
  generalTierFlag: number;
  generalProfileIdc: number;
  /** general_profile_compatibility_flag[0..31] as a 32-bit unsigned number, flag 0 in the most significant bit. */
  generalProfileCompatibilityFlags: number;
  /** The 48 bits from general_progressive_source_flag on, as 6 bytes. */
  generalConstraintIndicatorFlags: Uint8Array;
  generalLevelIdc: number;
  seqParameterSetId: number;
  chromaFormatIdc: number;
  bitDepthLumaMinus8: number;
  bitDepthChromaMinus8: number;
  width: number;
  height: number;
  /** Sample aspect ratio from the VUI; 1:1 when absent or unspecified. */
  sarWidth: number;
  sarHeight: number;
  /** vui_time_scale / vui_num_units_in_tick (E.3.1), when present. */
  frameRate?: number;
  /** What a slice segment header's length depends on (7.3.6.1), for the encryption code's subsample maps: */
  separateColourPlane: boolean;
  /** log2_max_pic_order_cnt_lsb_minus4 + 4. */
  log2MaxPicOrderCntLsb: number;
  /** PicSizeInCtbsY (7.4.3.2.1), from the coded size before the conformance window. */
  picSizeInCtbsY: number;
  /** The SPS's st_ref_pic_set()s, in order. */
  shortTermRefPicSets: ShortTermRefPicSet[];
  longTermRefPicsPresent: boolean;
  /** used_by_curr_pic_lt_sps_flag of each long-term candidate (num_long_term_ref_pics_sps of them). */
  usedByCurrPicLtSps: boolean[];
  temporalMvpEnabled: boolean;
  sampleAdaptiveOffsetEnabled: boolean;
}
