import { MediaError } from '../errors/MediaError.ts';
import { NalBitReader } from './NalBitReader.ts';
import { readHevcSps } from '../codecs/hevc/readHevcSps.ts';
import { readShortTermRefPicSet, type ShortTermRefPicSet } from '../codecs/hevc/readShortTermRefPicSet.ts';
import { skipHevcScalingListData } from '../codecs/hevc/skipHevcScalingListData.ts';

/** The SPS fields a slice segment header's length depends on (ITU-T H.265 7.3.2.2). */
interface HevcSliceSps {
  chromaArrayType: number;
  separateColourPlane: boolean;
  log2MaxPicOrderCntLsb: number;
  picSizeInCtbsY: number;
  shortTermRpsList: readonly ShortTermRefPicSet[];
  longTermRefPicsPresent: boolean;
  numLongTermRefPicsSps: number;
  /** used_by_curr_pic_lt_sps_flag of each candidate. */
  usedByCurrPicLtSps: boolean[];
  temporalMvpEnabled: boolean;
  sampleAdaptiveOffsetEnabled: boolean;
}

/** The PPS fields a slice segment header's length depends on (ITU-T H.265 7.3.2.3). */
interface HevcSlicePps {
  sps: HevcSliceSps;
  dependentSliceSegmentsEnabled: boolean;
  outputFlagPresent: boolean;
  numExtraSliceHeaderBits: number;
  cabacInitPresent: boolean;
  numRefIdxL0DefaultActiveMinus1: number;
  numRefIdxL1DefaultActiveMinus1: number;
  sliceChromaQpOffsetsPresent: boolean;
  weightedPred: boolean;
  weightedBipred: boolean;
  tilesEnabled: boolean;
  entropyCodingSyncEnabled: boolean;
  loopFilterAcrossSlicesEnabled: boolean;
  deblockingFilterOverrideEnabled: boolean;
  deblockingFilterDisabled: boolean;
  listsModificationPresent: boolean;
  sliceSegmentHeaderExtensionPresent: boolean;
  chromaQpOffsetListEnabled: boolean;
}

/** Parameter sets of a track, by id, as slice segment headers refer to them. */
export interface HevcSliceParameters {
  pps: Map<number, HevcSlicePps>;
}

function ceilLog2(n: number): number {
  return n <= 1 ? 0 : Math.ceil(Math.log2(n));
}

/** The slice-header view of an SPS, read by the one SPS reader (`readHevcSps`). */
function readSps(nal: Uint8Array): { id: number; sps: HevcSliceSps } {
  const s = readHevcSps(nal);
  return {
    id: s.seqParameterSetId,
    sps: {
      chromaArrayType: s.separateColourPlane ? 0 : s.chromaFormatIdc,
      separateColourPlane: s.separateColourPlane,
      log2MaxPicOrderCntLsb: s.log2MaxPicOrderCntLsb,
      picSizeInCtbsY: s.picSizeInCtbsY,
      shortTermRpsList: s.shortTermRefPicSets,
      longTermRefPicsPresent: s.longTermRefPicsPresent,
      numLongTermRefPicsSps: s.usedByCurrPicLtSps.length,
      usedByCurrPicLtSps: s.usedByCurrPicLtSps,
      temporalMvpEnabled: s.temporalMvpEnabled,
      sampleAdaptiveOffsetEnabled: s.sampleAdaptiveOffsetEnabled,
    },
  };
}

function readPps(nal: Uint8Array, spsById: Map<number, HevcSliceSps>): { id: number; pps: HevcSlicePps } {
  const r = new NalBitReader(nal, 2);
  const id = r.ue();
  const spsId = r.ue();
  const sps = spsById.get(spsId);
  if (!sps) throw new MediaError('MALFORMED', `H.265 PPS ${id} refers to SPS ${spsId}, which the track does not have`);
  const dependentSliceSegmentsEnabled = r.bool();
  const outputFlagPresent = r.bool();
  const numExtraSliceHeaderBits = r.bits(3);
  r.skipBits(1); // sign_data_hiding_enabled_flag
  const cabacInitPresent = r.bool();
  const numRefIdxL0DefaultActiveMinus1 = r.ue();
  const numRefIdxL1DefaultActiveMinus1 = r.ue();
  r.se(); // init_qp_minus26
  r.skipBits(1); // constrained_intra_pred_flag
  const transformSkipEnabled = r.bool();
  if (r.bool()) r.ue(); // cu_qp_delta_enabled_flag, diff_cu_qp_delta_depth
  r.se(); // pps_cb_qp_offset
  r.se(); // pps_cr_qp_offset
  const sliceChromaQpOffsetsPresent = r.bool();
  const weightedPred = r.bool();
  const weightedBipred = r.bool();
  r.skipBits(1); // transquant_bypass_enabled_flag
  const tilesEnabled = r.bool();
  const entropyCodingSyncEnabled = r.bool();
  if (tilesEnabled) {
    const columns = r.ue() + 1;
    const rows = r.ue() + 1;
    if (!r.bool()) {
      for (let i = 0; i < columns - 1; i++) r.ue();
      for (let i = 0; i < rows - 1; i++) r.ue();
    }
    r.skipBits(1); // loop_filter_across_tiles_enabled_flag
  }
  const loopFilterAcrossSlicesEnabled = r.bool();
  let deblockingFilterOverrideEnabled = false;
  let deblockingFilterDisabled = false;
  if (r.bool()) {
    deblockingFilterOverrideEnabled = r.bool();
    deblockingFilterDisabled = r.bool();
    if (!deblockingFilterDisabled) {
      r.se();
      r.se();
    }
  }
  if (r.bool()) skipHevcScalingListData(r);
  const listsModificationPresent = r.bool();
  r.ue(); // log2_parallel_merge_level_minus2
  const sliceSegmentHeaderExtensionPresent = r.bool();
  return {
    id,
    pps: {
      sps,
      dependentSliceSegmentsEnabled,
      outputFlagPresent,
      numExtraSliceHeaderBits,
      cabacInitPresent,
      numRefIdxL0DefaultActiveMinus1,
      numRefIdxL1DefaultActiveMinus1,
      sliceChromaQpOffsetsPresent,
      weightedPred,
      weightedBipred,
      tilesEnabled,
      entropyCodingSyncEnabled,
      loopFilterAcrossSlicesEnabled,
      deblockingFilterOverrideEnabled,
      deblockingFilterDisabled,
      listsModificationPresent,
      sliceSegmentHeaderExtensionPresent,
      chromaQpOffsetListEnabled: readChromaQpOffsetListEnabled(r, transformSkipEnabled),
    },
  };
}

/**
 * The PPS extensions after slice_segment_header_extension_present_flag
 * (7.3.2.3.1): only pps_range_extension( ) changes a slice header (its
 * chroma_qp_offset_list_enabled_flag); multilayer, 3D and SCC extensions
 * are refused rather than guessed.
 */
function readChromaQpOffsetListEnabled(r: NalBitReader, transformSkipEnabled: boolean): boolean {
  if (!r.bool()) return false;
  const range = r.bool();
  const multilayer = r.bool();
  const threeD = r.bool();
  const scc = r.bool();
  r.skipBits(4);
  if (multilayer || threeD || scc) throw new MediaError('UNSUPPORTED', 'H.265 PPS multilayer, 3D and screen content extensions are not supported for encryption');
  if (!range) return false;
  // pps_range_extension( ) (7.3.2.3.2)
  if (transformSkipEnabled) r.ue(); // log2_max_transform_skip_block_size_minus2
  r.skipBits(1); // cross_component_prediction_enabled_flag
  return r.bool();
}

/** The track's VPS/SPS/PPS (NAL units with their 2-byte header) reduced to what slice segment headers need. */
export function readHevcSliceParameters(config: { sps: Uint8Array[]; pps: Uint8Array[] }): HevcSliceParameters {
  const spsById = new Map<number, HevcSliceSps>();
  for (const nal of config.sps) {
    const { id, sps } = readSps(nal);
    spsById.set(id, sps);
  }
  const pps = new Map<number, HevcSlicePps>();
  for (const nal of config.pps) {
    const parsed = readPps(nal, spsById);
    pps.set(parsed.id, parsed.pps);
  }
  return { pps };
}

const B = 0;
const P = 1;

function skipPredWeightTable(r: NalBitReader, chromaArrayType: number, l0: number, l1: number, bipred: boolean): void {
  r.ue(); // luma_log2_weight_denom
  if (chromaArrayType !== 0) r.se(); // delta_chroma_log2_weight_denom
  for (const count of bipred ? [l0, l1] : [l0]) {
    // Single-layer streams without SCC never reference a picture with the current POC,
    // so every luma/chroma weight flag is present (7.3.6.3).
    const luma: boolean[] = [];
    const chroma: boolean[] = [];
    for (let i = 0; i <= count; i++) luma.push(r.bool());
    if (chromaArrayType !== 0) for (let i = 0; i <= count; i++) chroma.push(r.bool());
    for (let i = 0; i <= count; i++) {
      if (luma[i]) {
        r.se();
        r.se();
      }
      if (chroma[i]) for (let j = 0; j < 4; j++) r.se();
    }
  }
}

function measure(r: NalBitReader, nalUnitType: number, parameters: HevcSliceParameters): number {
  const firstSliceSegmentInPic = r.bool();
  if (nalUnitType >= 16 && nalUnitType <= 23) r.skipBits(1); // no_output_of_prior_pics_flag
  const ppsId = r.ue();
  const pps = parameters.pps.get(ppsId);
  if (!pps) throw new MediaError('MALFORMED', `H.265 slice refers to PPS ${ppsId}, which the track does not have`);
  const { sps } = pps;
  let dependent = false;
  if (!firstSliceSegmentInPic) {
    if (pps.dependentSliceSegmentsEnabled) dependent = r.bool();
    r.skipBits(ceilLog2(sps.picSizeInCtbsY));
  }
  if (!dependent) {
    r.skipBits(pps.numExtraSliceHeaderBits);
    const sliceType = r.ue();
    if (pps.outputFlagPresent) r.skipBits(1);
    if (sps.separateColourPlane) r.skipBits(2);
    let numPicTotalCurr = 0;
    let temporalMvp = false;
    if (nalUnitType !== 19 && nalUnitType !== 20) {
      r.skipBits(sps.log2MaxPicOrderCntLsb);
      let rps: ShortTermRefPicSet | undefined;
      if (!r.bool()) {
        rps = readShortTermRefPicSet(r, sps.shortTermRpsList.length, sps.shortTermRpsList.length, sps.shortTermRpsList);
      } else {
        const index = sps.shortTermRpsList.length > 1 ? r.bits(ceilLog2(sps.shortTermRpsList.length)) : 0;
        rps = sps.shortTermRpsList[index];
        if (!rps) throw new MediaError('MALFORMED', `H.265 slice refers to short-term RPS ${index}, which the SPS does not have`);
      }
      numPicTotalCurr = rps.numUsedByCurr;
      if (sps.longTermRefPicsPresent) {
        const numLongTermSps = sps.numLongTermRefPicsSps > 0 ? r.ue() : 0;
        const numLongTermPics = r.ue();
        for (let i = 0; i < numLongTermSps + numLongTermPics; i++) {
          if (i < numLongTermSps) {
            const idx = sps.numLongTermRefPicsSps > 1 ? r.bits(ceilLog2(sps.numLongTermRefPicsSps)) : 0;
            if (sps.usedByCurrPicLtSps[idx]) numPicTotalCurr++;
          } else {
            r.skipBits(sps.log2MaxPicOrderCntLsb);
            if (r.bool()) numPicTotalCurr++;
          }
          if (r.bool()) r.ue(); // delta_poc_msb_present_flag, delta_poc_msb_cycle_lt
        }
      }
      if (sps.temporalMvpEnabled) temporalMvp = r.bool();
    }
    let saoLuma = false;
    let saoChroma = false;
    if (sps.sampleAdaptiveOffsetEnabled) {
      saoLuma = r.bool();
      if (sps.chromaArrayType !== 0) saoChroma = r.bool();
    }
    if (sliceType === P || sliceType === B) {
      let l0 = pps.numRefIdxL0DefaultActiveMinus1;
      let l1 = pps.numRefIdxL1DefaultActiveMinus1;
      if (r.bool()) {
        l0 = r.ue();
        if (sliceType === B) l1 = r.ue();
      }
      if (pps.listsModificationPresent && numPicTotalCurr > 1) {
        const bits = ceilLog2(numPicTotalCurr);
        if (r.bool()) r.skipBits((l0 + 1) * bits);
        if (sliceType === B && r.bool()) r.skipBits((l1 + 1) * bits);
      }
      if (sliceType === B) r.skipBits(1); // mvd_l1_zero_flag
      if (pps.cabacInitPresent) r.skipBits(1);
      if (temporalMvp) {
        const fromL0 = sliceType === B ? r.bool() : true;
        if ((fromL0 && l0 > 0) || (!fromL0 && l1 > 0)) r.ue(); // collocated_ref_idx
      }
      if ((pps.weightedPred && sliceType === P) || (pps.weightedBipred && sliceType === B)) skipPredWeightTable(r, sps.chromaArrayType, l0, l1, sliceType === B);
      r.ue(); // five_minus_max_num_merge_cand
    }
    r.se(); // slice_qp_delta
    if (pps.sliceChromaQpOffsetsPresent) {
      r.se();
      r.se();
    }
    if (pps.chromaQpOffsetListEnabled) r.skipBits(1);
    const override = pps.deblockingFilterOverrideEnabled && r.bool();
    let deblockingDisabled = pps.deblockingFilterDisabled;
    if (override) {
      deblockingDisabled = r.bool();
      if (!deblockingDisabled) {
        r.se();
        r.se();
      }
    }
    if (pps.loopFilterAcrossSlicesEnabled && (saoLuma || saoChroma || !deblockingDisabled)) r.skipBits(1);
  }
  if (pps.tilesEnabled || pps.entropyCodingSyncEnabled) {
    const offsets = r.ue();
    if (offsets > 0) {
      const bits = r.ue() + 1;
      if (bits > 32) throw new MediaError('MALFORMED', `H.265 slice header: offset_len_minus1 + 1 is ${bits}, more than 32`);
      r.skipBits(offsets * bits);
    }
  }
  if (pps.sliceSegmentHeaderExtensionPresent) r.skipBits(8 * r.ue());
  // byte_alignment( ): a one bit, then zero bits to the byte boundary. A wrong parse almost never lands on it.
  if (r.bit() !== 1) throw new MediaError('MALFORMED', 'H.265 slice header: expected alignment_bit_equal_to_one where the header ends');
  const bitsRead = r.bitsRead;
  const aligned = Math.ceil(bitsRead / 8) * 8;
  r.skipBits(aligned - bitsRead);
  return aligned;
}

/**
 * Length in bits of a slice segment header (ITU-T H.265 7.3.6.1) including
 * its byte_alignment( ), counted in the RBSP from the first bit of the
 * 2-byte NAL unit header, as ffmpeg's `trace_headers` numbers them. The VCL
 * NAL unit, without its length prefix, is `nal[start, end)` (by default all
 * of `nal`), read as stored: emulation prevention bytes are skipped as the
 * header is read, nothing is copied.
 */
export function measureHevcSliceHeaderBits(nal: Uint8Array, parameters: HevcSliceParameters, start = 0, end = nal.byteLength): number {
  const nalUnitType = (nal[start] >> 1) & 0x3f;
  return 16 + measure(new NalBitReader(nal, start + 2, end), nalUnitType, parameters);
}
