import { ByteWriter } from '../../bytes/ByteWriter.ts';
import { MediaError } from '../../errors/MediaError.ts';
import { readHevcSps } from './readHevcSps.ts';

/**
 * Writes an HEVCDecoderConfigurationRecord (the `hvcC` box payload, without box
 * header) per ISO/IEC 14496-15 8.3.3.1: profile/tier/level, chroma format and
 * bit depths from the first SPS, 4-byte NAL unit lengths, and one array each
 * for VPS, SPS and PPS with array_completeness = 1 (the sample entry holds all
 * parameter sets, as `hvc1` requires). min_spatial_segmentation_idc,
 * parallelismType, avgFrameRate and constantFrameRate are written as 0
 * ("unknown"), which the clause allows.
 */
export function writeHevcDecoderConfigurationRecord(config: { vps: Uint8Array[]; sps: Uint8Array[]; pps: Uint8Array[] }): Uint8Array {
  const first = config.sps[0];
  if (!first) throw new MediaError('MALFORMED', 'expected at least one SPS for an HEVCDecoderConfigurationRecord, found none');
  const s = readHevcSps(first);
  const w = new ByteWriter(128);
  w.u8(1); // configurationVersion
  w.u8((s.generalProfileSpace << 6) | (s.generalTierFlag << 5) | s.generalProfileIdc);
  w.u32(s.generalProfileCompatibilityFlags);
  w.bytes(s.generalConstraintIndicatorFlags);
  w.u8(s.generalLevelIdc);
  w.u16(0xf000); // reserved '1111' + min_spatial_segmentation_idc 0
  w.u8(0xfc); // reserved '111111' + parallelismType 0
  w.u8(0xfc | s.chromaFormatIdc);
  w.u8(0xf8 | s.bitDepthLumaMinus8);
  w.u8(0xf8 | s.bitDepthChromaMinus8);
  w.u16(0); // avgFrameRate
  // constantFrameRate 0, numTemporalLayers, temporalIdNested, lengthSizeMinusOne 3
  w.u8(((s.maxSubLayersMinus1 + 1) << 3) | ((s.temporalIdNestingFlag ? 1 : 0) << 2) | 3);
  const arrays: [number, Uint8Array[]][] = [[32, config.vps], [33, config.sps], [34, config.pps]];
  const present = arrays.filter(([, nals]) => nals.length > 0);
  w.u8(present.length);
  for (const [type, nals] of present) {
    w.u8(0x80 | type); // array_completeness 1, reserved 0, NAL_unit_type
    w.u16(nals.length);
    for (const n of nals) w.u16(n.byteLength).bytes(n);
  }
  return w.finish();
}
