import { readVuiPrefix } from '../avc/readVuiPrefix.ts';
import { BitReader } from '../../bytes/BitReader.ts';
import { MediaError } from '../../errors/MediaError.ts';
import { removeEmulationPrevention } from '../avc/removeEmulationPrevention.ts';
import type { HevcSps } from './HevcSps.ts';
import { readShortTermRefPicSet, type ShortTermRefPicSet } from './readShortTermRefPicSet.ts';
import { skipHevcScalingListData } from './skipHevcScalingListData.ts';

export type { HevcSps } from './HevcSps.ts';

/**
 * Parses an H.265 sequence parameter set NAL unit (2-byte header included,
 * emulation prevention still present) per ITU-T H.265 7.3.2.2, reading the
 * VUI (E.2.1) as far as vui_timing_info.
 */
export function readHevcSps(nal: Uint8Array): HevcSps {
  if (nal.byteLength < 15) {
    throw new MediaError('TRUNCATED', `expected an H.265 SPS of at least 15 bytes, found ${nal.byteLength}`);
  }
  const nalType = (nal[0] >> 1) & 0x3f;
  if (nalType !== 33) throw new MediaError('MALFORMED', `expected H.265 SPS NAL unit type 33, found ${nalType}`);
  const r = new BitReader(removeEmulationPrevention(nal.subarray(2)));
  const videoParameterSetId = r.bits(4);
  const maxSubLayersMinus1 = r.bits(3);
  const temporalIdNestingFlag = r.bool();

  // profile_tier_level(1, sps_max_sub_layers_minus1) (7.3.3)
  const generalProfileSpace = r.bits(2);
  const generalTierFlag = r.bit();
  const generalProfileIdc = r.bits(5);
  const generalProfileCompatibilityFlags = r.bits(32);
  const generalConstraintIndicatorFlags = new Uint8Array(6);
  for (let i = 0; i < 6; i++) generalConstraintIndicatorFlags[i] = r.bits(8);
  const generalLevelIdc = r.bits(8);
  const subProfilePresent: boolean[] = [];
  const subLevelPresent: boolean[] = [];
  for (let i = 0; i < maxSubLayersMinus1; i++) {
    subProfilePresent.push(r.bool());
    subLevelPresent.push(r.bool());
  }
  if (maxSubLayersMinus1 > 0) r.skipBits(2 * (8 - maxSubLayersMinus1)); // reserved_zero_2bits
  for (let i = 0; i < maxSubLayersMinus1; i++) {
    if (subProfilePresent[i]) r.skipBits(88);
    if (subLevelPresent[i]) r.skipBits(8);
  }

  const seqParameterSetId = r.ue();
  const chromaFormatIdc = r.ue();
  const separateColourPlane = chromaFormatIdc === 3 ? r.bool() : false;
  const picWidth = r.ue();
  const picHeight = r.ue();
  let confLeft = 0;
  let confRight = 0;
  let confTop = 0;
  let confBottom = 0;
  if (r.bool()) {
    confLeft = r.ue();
    confRight = r.ue();
    confTop = r.ue();
    confBottom = r.ue();
  }
  const bitDepthLumaMinus8 = r.ue();
  const bitDepthChromaMinus8 = r.ue();
  // Conformance window offsets count in chroma samples (7.4.3.2.1).
  const chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
  const subWidthC = chromaArrayType === 1 || chromaArrayType === 2 ? 2 : 1;
  const subHeightC = chromaArrayType === 1 ? 2 : 1;

  // Everything up to the VUI must be walked to find it: there is no length to skip by. What a slice
  // segment header's length depends on is kept on the way (the encryption code measures slice headers).
  const log2MaxPicOrderCntLsb = r.ue() + 4;
  const subLayerOrderingInfoPresent = r.bool();
  for (let i = subLayerOrderingInfoPresent ? 0 : maxSubLayersMinus1; i <= maxSubLayersMinus1; i++) {
    r.ue(); // sps_max_dec_pic_buffering_minus1
    r.ue(); // sps_max_num_reorder_pics
    r.ue(); // sps_max_latency_increase_plus1
  }
  const log2MinCb = r.ue() + 3; // log2_min_luma_coding_block_size_minus3
  const ctb = 1 << (log2MinCb + r.ue()); // log2_diff_max_min_luma_coding_block_size
  r.ue(); // log2_min_luma_transform_block_size_minus2
  r.ue(); // log2_diff_max_min_luma_transform_block_size
  r.ue(); // max_transform_hierarchy_depth_inter
  r.ue(); // max_transform_hierarchy_depth_intra
  if (r.bool() && r.bool()) skipHevcScalingListData(r); // scaling_list_enabled_flag, sps_scaling_list_data_present_flag
  r.skipBits(1); // amp_enabled_flag
  const sampleAdaptiveOffsetEnabled = r.bool();
  if (r.bool()) {
    r.skipBits(8); // pcm_sample_bit_depth_luma_minus1, pcm_sample_bit_depth_chroma_minus1
    r.ue(); // log2_min_pcm_luma_coding_block_size_minus3
    r.ue(); // log2_diff_max_min_pcm_luma_coding_block_size
    r.skipBits(1); // pcm_loop_filter_disabled_flag
  }
  const numShortTermRefPicSets = r.ue();
  if (numShortTermRefPicSets > 64) {
    throw new MediaError('MALFORMED', `expected num_short_term_ref_pic_sets <= 64, found ${numShortTermRefPicSets}`);
  }
  const shortTermRefPicSets: ShortTermRefPicSet[] = [];
  for (let i = 0; i < numShortTermRefPicSets; i++) shortTermRefPicSets.push(readShortTermRefPicSet(r, i, numShortTermRefPicSets, shortTermRefPicSets));
  const longTermRefPicsPresent = r.bool();
  const usedByCurrPicLtSps: boolean[] = [];
  if (longTermRefPicsPresent) {
    const numLongTerm = r.ue();
    for (let i = 0; i < numLongTerm; i++) {
      r.skipBits(log2MaxPicOrderCntLsb); // lt_ref_pic_poc_lsb_sps
      usedByCurrPicLtSps.push(r.bool());
    }
  }
  const temporalMvpEnabled = r.bool();
  r.skipBits(1); // strong_intra_smoothing_enabled_flag
  const sps: HevcSps = {
    videoParameterSetId, maxSubLayersMinus1, temporalIdNestingFlag,
    generalProfileSpace, generalTierFlag, generalProfileIdc, generalProfileCompatibilityFlags,
    generalConstraintIndicatorFlags, generalLevelIdc, seqParameterSetId, chromaFormatIdc,
    bitDepthLumaMinus8, bitDepthChromaMinus8,
    width: picWidth - subWidthC * (confLeft + confRight),
    height: picHeight - subHeightC * (confTop + confBottom),
    sarWidth: 1, sarHeight: 1,
    separateColourPlane, log2MaxPicOrderCntLsb,
    picSizeInCtbsY: Math.ceil(picWidth / ctb) * Math.ceil(picHeight / ctb),
    shortTermRefPicSets, longTermRefPicsPresent, usedByCurrPicLtSps, temporalMvpEnabled, sampleAdaptiveOffsetEnabled,
  };
  if (r.bool()) readVui(r, sps);
  return sps;
}

/** vui_parameters() (E.2.1) up to vui_timing_info; the prefix shared with H.264 is `readVuiPrefix`. */
function readVui(r: BitReader, sps: HevcSps): void {
  const sar = readVuiPrefix(r);
  sps.sarWidth = sar.sarWidth;
  sps.sarHeight = sar.sarHeight;
  r.skipBits(3); // neutral_chroma_indication_flag, field_seq_flag, frame_field_info_present_flag
  if (r.bool()) {
    r.ue(); // def_disp_win_left_offset
    r.ue(); // def_disp_win_right_offset
    r.ue(); // def_disp_win_top_offset
    r.ue(); // def_disp_win_bottom_offset
  }
  if (r.bool()) {
    const numUnitsInTick = r.bits(32);
    const timeScale = r.bits(32);
    // Unlike H.264, an H.265 clock tick is a whole picture (E.3.1): no factor 2.
    if (numUnitsInTick > 0 && timeScale > 0) sps.frameRate = timeScale / numUnitsInTick;
  }
}
