import { MediaError } from '../errors/MediaError.ts';
import { NalBitReader } from './NalBitReader.ts';
import { readAvcSps } from '../codecs/avc/readAvcSps.ts';

/** The SPS fields a slice header's length depends on (ITU-T H.264 7.3.2.1.1). */
interface AvcSliceSps {
  chromaArrayType: number;
  separateColourPlane: boolean;
  log2MaxFrameNum: number;
  picOrderCntType: number;
  log2MaxPicOrderCntLsb: number;
  deltaPicOrderAlwaysZero: boolean;
  frameMbsOnly: boolean;
  picSizeInMapUnits: number;
}

/** The PPS fields a slice header's length depends on (ITU-T H.264 7.3.2.2). */
interface AvcSlicePps {
  sps: AvcSliceSps;
  entropyCodingMode: boolean;
  bottomFieldPicOrderInFramePresent: boolean;
  numSliceGroupsMinus1: number;
  sliceGroupMapType: number;
  sliceGroupChangeRate: number;
  numRefIdxL0DefaultActiveMinus1: number;
  numRefIdxL1DefaultActiveMinus1: number;
  weightedPred: boolean;
  weightedBipredIdc: number;
  deblockingFilterControlPresent: boolean;
  redundantPicCntPresent: boolean;
}

/** Parameter sets of a track, by id, as slice headers refer to them. */
export interface AvcSliceParameters {
  pps: Map<number, AvcSlicePps>;
}

/** The slice-header view of an SPS, read by the one SPS reader (`readAvcSps`). */
function readSps(nal: Uint8Array): { id: number; sps: AvcSliceSps } {
  const s = readAvcSps(nal);
  return {
    id: s.seqParameterSetId,
    sps: {
      chromaArrayType: s.separateColourPlane ? 0 : s.chromaFormatIdc,
      separateColourPlane: s.separateColourPlane,
      log2MaxFrameNum: s.log2MaxFrameNum,
      picOrderCntType: s.pocType,
      log2MaxPicOrderCntLsb: s.log2MaxPicOrderCntLsb,
      deltaPicOrderAlwaysZero: s.deltaPicOrderAlwaysZero,
      frameMbsOnly: s.frameMbsOnly,
      picSizeInMapUnits: s.picSizeInMapUnits,
    },
  };
}

function readPps(nal: Uint8Array, spsById: Map<number, AvcSliceSps>): { id: number; pps: AvcSlicePps } {
  const r = new NalBitReader(nal, 1);
  const id = r.ue();
  const spsId = r.ue();
  const sps = spsById.get(spsId);
  if (!sps) throw new MediaError('MALFORMED', `H.264 PPS ${id} refers to SPS ${spsId}, which the track does not have`);
  const entropyCodingMode = r.bool();
  const bottomFieldPicOrderInFramePresent = r.bool();
  const numSliceGroupsMinus1 = r.ue();
  let sliceGroupMapType = 0;
  let sliceGroupChangeRate = 1;
  if (numSliceGroupsMinus1 > 0) {
    sliceGroupMapType = r.ue();
    if (sliceGroupMapType === 0) {
      for (let i = 0; i <= numSliceGroupsMinus1; i++) r.ue();
    } else if (sliceGroupMapType === 2) {
      for (let i = 0; i < numSliceGroupsMinus1; i++) {
        r.ue();
        r.ue();
      }
    } else if (sliceGroupMapType >= 3 && sliceGroupMapType <= 5) {
      r.skipBits(1);
      sliceGroupChangeRate = r.ue() + 1;
    } else if (sliceGroupMapType === 6) {
      const units = r.ue() + 1;
      r.skipBits(units * Math.ceil(Math.log2(numSliceGroupsMinus1 + 1)));
    }
  }
  const numRefIdxL0DefaultActiveMinus1 = r.ue();
  const numRefIdxL1DefaultActiveMinus1 = r.ue();
  const weightedPred = r.bool();
  const weightedBipredIdc = r.bits(2);
  r.se(); // pic_init_qp_minus26
  r.se(); // pic_init_qs_minus26
  r.se(); // chroma_qp_index_offset
  const deblockingFilterControlPresent = r.bool();
  r.skipBits(1); // constrained_intra_pred_flag
  const redundantPicCntPresent = r.bool();
  return {
    id,
    pps: {
      sps,
      entropyCodingMode,
      bottomFieldPicOrderInFramePresent,
      numSliceGroupsMinus1,
      sliceGroupMapType,
      sliceGroupChangeRate,
      numRefIdxL0DefaultActiveMinus1,
      numRefIdxL1DefaultActiveMinus1,
      weightedPred,
      weightedBipredIdc,
      deblockingFilterControlPresent,
      redundantPicCntPresent,
    },
  };
}

/** The track's SPS and PPS (NAL units with their header byte) reduced to what slice headers need. */
export function readAvcSliceParameters(config: { sps: Uint8Array[]; pps: Uint8Array[] }): AvcSliceParameters {
  const spsById = new Map<number, AvcSliceSps>();
  for (const nal of config.sps) {
    const { id, sps } = readSps(nal);
    spsById.set(id, sps);
  }
  const pps = new Map<number, AvcSlicePps>();
  for (const nal of config.pps) {
    const parsed = readPps(nal, spsById);
    pps.set(parsed.id, parsed.pps);
  }
  return { pps };
}

const P = 0;
const B = 1;
const I = 2;
const SP = 3;
const SI = 4;

function skipRefPicListModification(r: NalBitReader): void {
  if (!r.bool()) return;
  for (;;) {
    const idc = r.ue();
    if (idc === 3) return;
    if (idc > 5) throw new MediaError('MALFORMED', `H.264 slice header: modification_of_pic_nums_idc ${idc} is out of range`);
    r.ue(); // abs_diff_pic_num_minus1, long_term_pic_num or abs_diff_view_idx_minus1
  }
}

function skipPredWeightTable(r: NalBitReader, chromaArrayType: number, l0: number, l1: number, bipred: boolean): void {
  r.ue(); // luma_log2_weight_denom
  if (chromaArrayType !== 0) r.ue(); // chroma_log2_weight_denom
  const lists = bipred ? [l0, l1] : [l0];
  for (const count of lists) {
    for (let i = 0; i <= count; i++) {
      if (r.bool()) {
        r.se();
        r.se();
      }
      if (chromaArrayType !== 0 && r.bool()) for (let j = 0; j < 4; j++) r.se();
    }
  }
}

function measure(r: NalBitReader, nalRefIdc: number, nalUnitType: number, parameters: AvcSliceParameters): number {
  r.ue(); // first_mb_in_slice
  const sliceType = r.ue() % 5;
  const ppsId = r.ue();
  const pps = parameters.pps.get(ppsId);
  if (!pps) throw new MediaError('MALFORMED', `H.264 slice refers to PPS ${ppsId}, which the track does not have`);
  const { sps } = pps;
  if (sps.separateColourPlane) r.skipBits(2);
  r.skipBits(sps.log2MaxFrameNum);
  let fieldPic = false;
  if (!sps.frameMbsOnly) {
    fieldPic = r.bool();
    if (fieldPic) r.skipBits(1);
  }
  if (nalUnitType === 5) r.ue(); // idr_pic_id
  if (sps.picOrderCntType === 0) {
    r.skipBits(sps.log2MaxPicOrderCntLsb);
    if (pps.bottomFieldPicOrderInFramePresent && !fieldPic) r.se();
  }
  if (sps.picOrderCntType === 1 && !sps.deltaPicOrderAlwaysZero) {
    r.se();
    if (pps.bottomFieldPicOrderInFramePresent && !fieldPic) r.se();
  }
  if (pps.redundantPicCntPresent) r.ue();
  if (sliceType === B) r.skipBits(1); // direct_spatial_mv_pred_flag
  let l0 = pps.numRefIdxL0DefaultActiveMinus1;
  let l1 = pps.numRefIdxL1DefaultActiveMinus1;
  if (sliceType === P || sliceType === SP || sliceType === B) {
    if (r.bool()) {
      l0 = r.ue();
      if (sliceType === B) l1 = r.ue();
    }
  }
  if (nalUnitType === 20 || nalUnitType === 21) throw new MediaError('UNSUPPORTED', 'H.264 MVC slice extensions are not supported');
  if (sliceType !== I && sliceType !== SI) {
    skipRefPicListModification(r);
    if (sliceType === B) skipRefPicListModification(r);
  }
  if ((pps.weightedPred && (sliceType === P || sliceType === SP)) || (pps.weightedBipredIdc === 1 && sliceType === B)) {
    skipPredWeightTable(r, sps.chromaArrayType, l0, l1, sliceType === B);
  }
  if (nalRefIdc !== 0) {
    // dec_ref_pic_marking (7.3.3.3)
    if (nalUnitType === 5) {
      r.skipBits(2);
    } else if (r.bool()) {
      for (;;) {
        const op = r.ue();
        if (op === 0) break;
        if (op > 6) throw new MediaError('MALFORMED', `H.264 slice header: memory_management_control_operation ${op} is out of range`);
        if (op === 1 || op === 3) r.ue();
        if (op === 2) r.ue();
        if (op === 3 || op === 6) r.ue();
        if (op === 4) r.ue();
      }
    }
  }
  if (pps.entropyCodingMode && sliceType !== I && sliceType !== SI) r.ue(); // cabac_init_idc
  r.se(); // slice_qp_delta
  if (sliceType === SP || sliceType === SI) {
    if (sliceType === SP) r.skipBits(1);
    r.se();
  }
  if (pps.deblockingFilterControlPresent) {
    if (r.ue() !== 1) {
      r.se();
      r.se();
    }
  }
  if (pps.numSliceGroupsMinus1 > 0 && pps.sliceGroupMapType >= 3 && pps.sliceGroupMapType <= 5) {
    r.skipBits(Math.ceil(Math.log2(Math.ceil(sps.picSizeInMapUnits / pps.sliceGroupChangeRate) + 1)));
  }
  return r.bitsRead;
}

/**
 * Length in bits of a coded slice's header (ITU-T H.264 7.3.3), counted in
 * the RBSP from the first bit of the NAL unit header, as ffmpeg's
 * `trace_headers` numbers them. The NAL unit, without its length prefix, is
 * `nal[start, end)` (by default all of `nal`), read as stored: emulation
 * prevention bytes are skipped as the header is read, nothing is copied. CMAF
 * 'cbcs' (ISO/IEC 23000-19 8.2.2.1) and common practice keep the slice header
 * in the clear, so devices can parse it before decryption.
 */
export function measureAvcSliceHeaderBits(nal: Uint8Array, parameters: AvcSliceParameters, start = 0, end = nal.byteLength): number {
  const nalRefIdc = (nal[start] >> 5) & 3;
  const nalUnitType = nal[start] & 0x1f;
  return 8 + measure(new NalBitReader(nal, start + 1, end), nalRefIdc, nalUnitType, parameters);
}
