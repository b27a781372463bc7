import { readVuiPrefix } from '../avc/readVuiPrefix.ts';
import { BitReader } from '../../bytes/BitReader.ts';
import { MediaError } from '../../errors/MediaError.ts';
import { removeEmulationPrevention } from '../avc/removeEmulationPrevention.ts';
import type { HevcSps } from './HevcSps.ts';

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

  const sps: HevcSps = {
    videoParameterSetId, maxSubLayersMinus1, temporalIdNestingFlag,
    generalProfileSpace, generalTierFlag, generalProfileIdc, generalProfileCompatibilityFlags,
    generalConstraintIndicatorFlags, generalLevelIdc, seqParameterSetId, chromaFormatIdc,
    bitDepthLumaMinus8, bitDepthChromaMinus8,
    width: picWidth - subWidthC * (confLeft + confRight),
    height: picHeight - subHeightC * (confTop + confBottom),
    sarWidth: 1, sarHeight: 1,
  };

  // Everything up to the VUI must be walked to find it: there is no length to skip by.
  const log2MaxPocLsb = r.ue() + 4;
  const subLayerOrderingInfoPresent = r.bool();
  for (let i = subLayerOrderingInfoPresent ? 0 : maxSubLayersMinus1; i <= maxSubLayersMinus1; i++) {
    r.ue(); // sps_max_dec_pic_buffering_minus1
    r.ue(); // sps_max_num_reorder_pics
    r.ue(); // sps_max_latency_increase_plus1
  }
  r.ue(); // log2_min_luma_coding_block_size_minus3
  r.ue(); // log2_diff_max_min_luma_coding_block_size
  r.ue(); // log2_min_luma_transform_block_size_minus2
  r.ue(); // log2_diff_max_min_luma_transform_block_size
  r.ue(); // max_transform_hierarchy_depth_inter
  r.ue(); // max_transform_hierarchy_depth_intra
  if (r.bool() && r.bool()) skipScalingListData(r); // scaling_list_enabled_flag, sps_scaling_list_data_present_flag
  r.skipBits(2); // amp_enabled_flag, sample_adaptive_offset_enabled_flag
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
  const numDeltaPocs: number[] = [];
  for (let i = 0; i < numShortTermRefPicSets; i++) numDeltaPocs.push(skipStRefPicSet(r, i, numDeltaPocs));
  if (r.bool()) {
    const numLongTerm = r.ue();
    for (let i = 0; i < numLongTerm; i++) r.skipBits(log2MaxPocLsb + 1); // lt_ref_pic_poc_lsb_sps, used_by_curr_pic_lt_sps_flag
  }
  r.skipBits(2); // sps_temporal_mvp_enabled_flag, strong_intra_smoothing_enabled_flag
  if (r.bool()) readVui(r, sps);
  return sps;
}

/** scaling_list_data() (7.3.4): walked only to reach the fields after it. */
function skipScalingListData(r: BitReader): void {
  for (let sizeId = 0; sizeId < 4; sizeId++) {
    for (let matrixId = 0; matrixId < 6; matrixId += sizeId === 3 ? 3 : 1) {
      if (!r.bool()) {
        r.ue(); // scaling_list_pred_matrix_id_delta
      } else {
        const coefNum = Math.min(64, 1 << (4 + (sizeId << 1)));
        if (sizeId > 1) r.se(); // scaling_list_dc_coef_minus8
        for (let i = 0; i < coefNum; i++) r.se();
      }
    }
  }
}

/**
 * st_ref_pic_set(stRpsIdx) (7.3.7). Returns NumDeltaPocs[stRpsIdx], which a
 * later inter-predicted set needs to know how many flags it carries (7.4.8).
 */
function skipStRefPicSet(r: BitReader, idx: number, numDeltaPocs: number[]): number {
  const interRefPicSetPrediction = idx !== 0 ? r.bool() : false;
  if (interRefPicSetPrediction) {
    // In an SPS delta_idx_minus1 is absent, so the reference set is the previous one.
    r.skipBits(1); // delta_rps_sign
    r.ue(); // abs_delta_rps_minus1
    const refCount = numDeltaPocs[idx - 1];
    let count = 0;
    for (let j = 0; j <= refCount; j++) {
      const usedByCurr = r.bool();
      const useDelta = usedByCurr ? true : r.bool();
      if (useDelta) count++;
    }
    return count;
  }
  const negative = r.ue();
  const positive = r.ue();
  if (negative > 16 || positive > 16) {
    throw new MediaError('MALFORMED', `expected at most 16 negative/positive pictures in st_ref_pic_set, found ${negative}/${positive}`);
  }
  for (let i = 0; i < negative + positive; i++) {
    r.ue(); // delta_poc_sX_minus1
    r.skipBits(1); // used_by_curr_pic_sX_flag
  }
  return negative + positive;
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
