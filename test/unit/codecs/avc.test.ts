import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BitWriter } from '../../../src/media/bytes/BitWriter.ts';
import { removeEmulationPrevention } from '../../../src/media/codecs/avc/removeEmulationPrevention.ts';
import { splitAnnexB } from '../../../src/media/codecs/avc/splitAnnexB.ts';
import { readAvcSps } from '../../../src/media/codecs/avc/readAvcSps.ts';
import { avcCodecString } from '../../../src/media/codecs/avc/avcCodecString.ts';
import { writeAvcDecoderConfigurationRecord } from '../../../src/media/codecs/avc/writeAvcDecoderConfigurationRecord.ts';
import { readAvcDecoderConfigurationRecord } from '../../../src/media/codecs/avc/readAvcDecoderConfigurationRecord.ts';
import { demuxTransportStream } from '../../../src/media/mp2t/demuxTransportStream.ts';
import { readVideoAccessUnit } from '../../../src/media/mp2t/readVideoAccessUnit.ts';
import { addEmulationPrevention } from './annexB.ts';
import { avcAacTs, findBoxPayload, mp4 } from './fixtures.ts';

test('removeEmulationPrevention drops the 0x03 after two zeros only', () => {
  const nal = Uint8Array.from([
    0x67, 0x00, 0x00, 0x03, 0x01, // 00 00 03 01 -> 00 00 01
    0x00, 0x00, 0x03, 0x03, // 00 00 03 03 -> 00 00 03 (the second 03 is data)
    0x00, 0x03, // a single zero: the 03 stays
  ]);
  assert.deepEqual([...removeEmulationPrevention(nal)], [0x67, 0x00, 0x00, 0x01, 0x00, 0x00, 0x03, 0x00, 0x03]);
  const clean = Uint8Array.from([0x68, 0xee, 0x3c, 0x80]);
  assert.equal(removeEmulationPrevention(clean), clean, 'no copy when nothing to remove');
});

test('splitAnnexB handles 3- and 4-byte start codes and trailing zeros', () => {
  const stream = Uint8Array.from([
    0x00, 0x00, 0x00, 0x01, 0x09, 0xf0, // 4-byte start code, AUD
    0x00, 0x00, 0x01, 0x67, 0x42, 0x00, 0x00, 0x03, 0x01, // 3-byte start code, SPS-like NAL with an emulation prevention byte
    0x00, 0x00, 0x00, 0x01, 0x65, 0x88, 0x00, 0x00, // IDR with two trailing_zero_8bits
  ]);
  const nals = splitAnnexB(stream);
  assert.deepEqual(nals.map((n) => [...n]), [[0x09, 0xf0], [0x67, 0x42, 0x00, 0x00, 0x03, 0x01], [0x65, 0x88]]);
  assert.equal(nals[0].buffer, stream.buffer, 'views, not copies');
});

/** A handmade Baseline SPS: 320x180 via cropping, SAR 4:3, 30000/1001 fps, coded with Exp-Golomb by BitWriter. */
function handmadeSps(frameMbsOnly: boolean): Uint8Array {
  const w = new BitWriter();
  w.bits(8, 0x67); // forbidden_zero_bit 0, nal_ref_idc 3, nal_unit_type 7
  w.bits(8, 66); // profile_idc Baseline
  w.bits(8, 0xc0); // constraint_set0_flag, constraint_set1_flag
  w.bits(8, 30); // level_idc 3.0
  w.ue(0); // seq_parameter_set_id
  w.ue(0); // log2_max_frame_num_minus4
  w.ue(2); // pic_order_cnt_type 2
  w.ue(1); // max_num_ref_frames
  w.bits(1, 0); // gaps_in_frame_num_value_allowed_flag
  w.ue(19); // pic_width_in_mbs_minus1: 20 MBs = 320
  w.ue(frameMbsOnly ? 11 : 5); // pic_height_in_map_units_minus1: 12 MB rows (6 field MB pairs) = 192
  w.bits(1, frameMbsOnly ? 1 : 0); // frame_mbs_only_flag
  if (!frameMbsOnly) w.bits(1, 0); // mb_adaptive_frame_field_flag
  w.bits(1, 1); // direct_8x8_inference_flag
  w.bits(1, 1); // frame_cropping_flag
  w.ue(0).ue(0).ue(0); // left, right, top
  w.ue(frameMbsOnly ? 6 : 3); // bottom: 6 * CropUnitY 2 = 12 lines, or 3 * 4 when coded as fields
  w.bits(1, 1); // vui_parameters_present_flag
  w.bits(1, 1).bits(8, 255).bits(16, 4).bits(16, 3); // aspect_ratio_info_present_flag, Extended_SAR 4:3
  w.bits(1, 0).bits(1, 0).bits(1, 0); // overscan, video_signal_type, chroma_loc_info present flags
  w.bits(1, 1).bits(32, 1001).bits(32, 60000).bits(1, 1); // timing_info: num_units_in_tick, time_scale, fixed_frame_rate_flag
  w.bits(1, 1); // rbsp_stop_one_bit
  return addEmulationPrevention(w.finish());
}

test('readAvcSps reads a handmade Baseline SPS with cropping, SAR and timing', () => {
  const sps = readAvcSps(handmadeSps(true));
  assert.equal(sps.profileIdc, 66);
  assert.equal(sps.constraintSetFlags, 0xc0);
  assert.equal(sps.levelIdc, 30);
  assert.equal(sps.chromaFormatIdc, 1);
  assert.equal(sps.width, 320);
  assert.equal(sps.height, 180);
  assert.equal(sps.sarWidth, 4);
  assert.equal(sps.sarHeight, 3);
  assert.equal(sps.frameRate, 30000 / 1001);
  assert.equal(avcCodecString(handmadeSps(true)), 'avc1.42c01e');
});

test('readAvcSps doubles map units and crop units for field coding (frame_mbs_only_flag 0)', () => {
  const sps = readAvcSps(handmadeSps(false));
  assert.equal(sps.frameMbsOnly, false);
  assert.equal(sps.height, 180);
});

test('readAvcSps rejects a non-SPS NAL unit', () => {
  assert.throws(() => readAvcSps(Uint8Array.from([0x68, 0xee, 0x3c, 0x80])), { code: 'MALFORMED' });
});

function x264ParameterSets(): { sps: Uint8Array; pps: Uint8Array } {
  const ts = demuxTransportStream(avcAacTs());
  const au = readVideoAccessUnit(ts.pes[0].data, 'avc');
  return { sps: au.sps[0], pps: au.pps[0] };
}

test('x264 High@3.0 SPS: size, frame rate, codec string', () => {
  const { sps } = x264ParameterSets();
  const parsed = readAvcSps(sps);
  assert.equal(parsed.profileIdc, 100);
  assert.equal(parsed.width, 320);
  assert.equal(parsed.height, 180);
  assert.equal(parsed.frameRate, 25);
  assert.equal(parsed.bitDepthLumaMinus8, 0);
  assert.equal(avcCodecString(sps), 'avc1.64001e');
});

test('writeAvcDecoderConfigurationRecord matches the avcC ffmpeg writes, and reads back', () => {
  const { sps, pps } = x264ParameterSets();
  const avcC = writeAvcDecoderConfigurationRecord({ sps: [sps], pps: [pps] });
  assert.deepEqual([...avcC.subarray(0, 6)], [
    0x01, // configurationVersion
    0x64, 0x00, 0x1e, // profile 100, compatibility 0, level 30
    0xff, // reserved 111111 + lengthSizeMinusOne 3
    0xe1, // reserved 111 + one SPS
  ]);
  assert.deepEqual([...avcC.subarray(-4)], [0xfd, 0xf8, 0xf8, 0x00], 'High extension: 4:2:0, 8-bit luma/chroma, no SPS ext');
  assert.deepEqual([...avcC], [...findBoxPayload(mp4('libx264'), 'avcC')].slice(0, avcC.byteLength));
  const back = readAvcDecoderConfigurationRecord(avcC);
  assert.equal(back.nalLengthSize, 4);
  assert.deepEqual(back.sps.map((s) => [...s]), [[...sps]]);
  assert.deepEqual(back.pps.map((p) => [...p]), [[...pps]]);
});

test('readAvcDecoderConfigurationRecord reports a cut record as TRUNCATED', () => {
  const { sps, pps } = x264ParameterSets();
  const avcC = writeAvcDecoderConfigurationRecord({ sps: [sps], pps: [pps] });
  assert.throws(() => readAvcDecoderConfigurationRecord(avcC.subarray(0, 10)), { code: 'TRUNCATED' });
});
