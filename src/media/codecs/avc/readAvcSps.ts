import { readVuiPrefix } from './readVuiPrefix.ts';
import { BitReader } from '../../bytes/BitReader.ts';
import { MediaError } from '../../errors/MediaError.ts';
import type { AvcSps } from './AvcSps.ts';
import { removeEmulationPrevention } from './removeEmulationPrevention.ts';

export type { AvcSps } from './AvcSps.ts';

/** profile_idc values whose SPS carries chroma_format_idc, bit depths and scaling matrices (H.264 7.3.2.1.1). */
const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

/**
 * Parses an H.264 sequence parameter set NAL unit (header byte included,
 * emulation prevention still present) per ITU-T H.264 7.3.2.1.1, reading the
 * VUI (E.1.1) only as far as timing_info.
 */
export function readAvcSps(nal: Uint8Array): AvcSps {
  if (nal.byteLength < 4) {
    throw new MediaError('TRUNCATED', `expected an H.264 SPS of at least 4 bytes, found ${nal.byteLength}`);
  }
  const nalType = nal[0] & 0x1f;
  if (nalType !== 7) throw new MediaError('MALFORMED', `expected H.264 SPS NAL unit type 7, found ${nalType}`);
  const r = new BitReader(removeEmulationPrevention(nal.subarray(1)));
  const profileIdc = r.bits(8);
  const constraintSetFlags = r.bits(8);
  const levelIdc = r.bits(8);
  const seqParameterSetId = r.ue();

  let chromaFormatIdc = 1;
  let separateColourPlane = false;
  let bitDepthLumaMinus8 = 0;
  let bitDepthChromaMinus8 = 0;
  if (HIGH_PROFILES.has(profileIdc)) {
    chromaFormatIdc = r.ue();
    if (chromaFormatIdc === 3) separateColourPlane = r.bool();
    bitDepthLumaMinus8 = r.ue();
    bitDepthChromaMinus8 = r.ue();
    r.skipBits(1); // qpprime_y_zero_transform_bypass_flag
    if (r.bool()) {
      const lists = chromaFormatIdc !== 3 ? 8 : 12;
      for (let i = 0; i < lists; i++) {
        if (r.bool()) skipScalingList(r, i < 6 ? 16 : 64);
      }
    }
  }

  const log2MaxFrameNum = r.ue() + 4;
  const pocType = r.ue();
  let log2MaxPicOrderCntLsb = 0;
  let deltaPicOrderAlwaysZero = false;
  if (pocType === 0) {
    log2MaxPicOrderCntLsb = r.ue() + 4;
  } else if (pocType === 1) {
    deltaPicOrderAlwaysZero = r.bool();
    r.se(); // offset_for_non_ref_pic
    r.se(); // offset_for_top_to_bottom_field
    const cycle = r.ue();
    for (let i = 0; i < cycle; i++) r.se();
  }
  r.ue(); // max_num_ref_frames
  r.skipBits(1); // gaps_in_frame_num_value_allowed_flag
  const widthInMbs = r.ue() + 1;
  const heightInMapUnits = r.ue() + 1;
  const frameMbsOnly = r.bool();
  if (!frameMbsOnly) r.skipBits(1); // mb_adaptive_frame_field_flag
  r.skipBits(1); // direct_8x8_inference_flag
  let cropLeft = 0;
  let cropRight = 0;
  let cropTop = 0;
  let cropBottom = 0;
  if (r.bool()) {
    cropLeft = r.ue();
    cropRight = r.ue();
    cropTop = r.ue();
    cropBottom = r.ue();
  }

  // Crop offsets count in chroma sample units, and in field pairs when coded as fields (7.4.2.1.1).
  const chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
  const subWidthC = chromaArrayType === 1 || chromaArrayType === 2 ? 2 : 1;
  const subHeightC = chromaArrayType === 1 ? 2 : 1;
  const fieldFactor = frameMbsOnly ? 1 : 2;
  const cropUnitX = chromaArrayType === 0 ? 1 : subWidthC;
  const cropUnitY = (chromaArrayType === 0 ? 1 : subHeightC) * fieldFactor;
  const width = widthInMbs * 16 - cropUnitX * (cropLeft + cropRight);
  const height = fieldFactor * heightInMapUnits * 16 - cropUnitY * (cropTop + cropBottom);

  const sps: AvcSps = {
    profileIdc, constraintSetFlags, levelIdc, seqParameterSetId, chromaFormatIdc,
    bitDepthLumaMinus8, bitDepthChromaMinus8, width, height, frameMbsOnly, separateColourPlane,
    log2MaxFrameNum, pocType, log2MaxPicOrderCntLsb, deltaPicOrderAlwaysZero, picSizeInMapUnits: widthInMbs * heightInMapUnits,
    sarWidth: 1, sarHeight: 1,
  };
  if (r.bitsLeft > 0 && r.bool()) readVui(r, sps);
  return sps;
}

/** scaling_list() (7.3.2.1.1.1): only parsed to stay aligned, the values are not needed. */
function skipScalingList(r: BitReader, size: number): void {
  let last = 8;
  let next = 8;
  for (let j = 0; j < size; j++) {
    if (next !== 0) {
      next = (last + r.se() + 256) % 256;
    }
    last = next === 0 ? last : next;
  }
}

/** vui_parameters() (E.1.1) up to timing_info; the prefix shared with H.265 is `readVuiPrefix`. */
function readVui(r: BitReader, sps: AvcSps): void {
  const sar = readVuiPrefix(r);
  sps.sarWidth = sar.sarWidth;
  sps.sarHeight = sar.sarHeight;
  if (r.bool()) {
    const numUnitsInTick = r.bits(32);
    const timeScale = r.bits(32);
    // A frame is two field ticks in H.264 (E.2.1), hence the factor 2.
    if (numUnitsInTick > 0 && timeScale > 0) sps.frameRate = timeScale / (2 * numUnitsInTick);
  }
}
