import type { BitReader } from '../../bytes/BitReader.ts';
import { sampleAspectRatio } from './sampleAspectRatio.ts';

/**
 * The start of vui_parameters(), identical in H.264 (E.1.1) and H.265 (E.2.1):
 * aspect ratio, overscan, video signal type and chroma location. Returns the
 * sample aspect ratio (1:1 when absent or unspecified); leaves `r` at the
 * first codec-specific VUI field.
 */
export function readVuiPrefix(r: BitReader): { sarWidth: number; sarHeight: number } {
  let sar = { sarWidth: 1, sarHeight: 1 };
  if (r.bool()) {
    const idc = r.bits(8);
    if (idc === 255) sar = { sarWidth: r.bits(16), sarHeight: r.bits(16) };
    else if (idc > 0 && idc < sampleAspectRatio.length) sar = { sarWidth: sampleAspectRatio[idc][0], sarHeight: sampleAspectRatio[idc][1] };
  }
  if (r.bool()) r.skipBits(1); // overscan_appropriate_flag
  if (r.bool()) {
    r.skipBits(4); // video_format, video_full_range_flag
    if (r.bool()) r.skipBits(24); // colour_primaries, transfer_characteristics, matrix_coefficients
  }
  if (r.bool()) {
    r.ue(); // chroma_sample_loc_type_top_field
    r.ue(); // chroma_sample_loc_type_bottom_field
  }
  return sar;
}
