import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readHevcSps } from '../../../src/media/codecs/hevc/readHevcSps.ts';
import { hevcCodecString } from '../../../src/media/codecs/hevc/hevcCodecString.ts';
import { writeHevcDecoderConfigurationRecord } from '../../../src/media/codecs/hevc/writeHevcDecoderConfigurationRecord.ts';
import { readHevcDecoderConfigurationRecord } from '../../../src/media/codecs/hevc/readHevcDecoderConfigurationRecord.ts';
import { demuxTransportStream } from '../../../src/media/mp2t/demuxTransportStream.ts';
import { readVideoAccessUnit } from '../../../src/media/mp2t/readVideoAccessUnit.ts';
import { findBoxPayload, hevcAacTs, mp4 } from './fixtures.ts';

function x265ParameterSets(): { vps: Uint8Array; sps: Uint8Array; pps: Uint8Array } {
  const ts = demuxTransportStream(hevcAacTs());
  const au = readVideoAccessUnit(ts.pes[0].data, 'hevc');
  assert.equal(au.isSync, true);
  return { vps: au.vps[0], sps: au.sps[0], pps: au.pps[0] };
}

test('x265 Main SPS: profile_tier_level, size after conformance window, frame rate', () => {
  const s = readHevcSps(x265ParameterSets().sps);
  assert.equal(s.generalProfileSpace, 0);
  assert.equal(s.generalTierFlag, 0);
  assert.equal(s.generalProfileIdc, 1);
  assert.equal(s.generalProfileCompatibilityFlags, 0x60000000, 'Main is compatible with Main and Main 10');
  assert.deepEqual([...s.generalConstraintIndicatorFlags], [0x90, 0, 0, 0, 0, 0], 'progressive_source + frame_only');
  assert.equal(s.chromaFormatIdc, 1);
  // x265 codes 320x184 (8-pixel CUs) and crops 4 lines with the conformance window.
  assert.equal(s.width, 320);
  assert.equal(s.height, 180);
  assert.equal(s.bitDepthLumaMinus8, 0);
  assert.equal(s.frameRate, 25);
});

test('hevcCodecString follows ISO/IEC 14496-15 E.3', () => {
  const { sps } = x265ParameterSets();
  const level = readHevcSps(sps).generalLevelIdc;
  assert.equal(hevcCodecString(sps), `hvc1.1.6.L${level}.90`);
  assert.match(hevcCodecString(sps, 'hev1'), /^hev1\.1\.6\.L\d+\.90$/);
});

test('writeHevcDecoderConfigurationRecord matches ffmpeg hvcC header fields, and reads back', () => {
  const { vps, sps, pps } = x265ParameterSets();
  const hvcC = writeHevcDecoderConfigurationRecord({ vps: [vps], sps: [sps], pps: [pps] });
  const ffmpeg = findBoxPayload(mp4('libx265'), 'hvcC');
  // The 22 fixed bytes: ffmpeg also writes min_spatial_segmentation_idc 0, parallelismType 0, avgFrameRate 0.
  assert.deepEqual([...hvcC.subarray(0, 22)], [...ffmpeg.subarray(0, 22)]);
  assert.deepEqual([...hvcC.subarray(0, 2)], [0x01, 0x01], 'configurationVersion 1; profile space 0, tier 0, profile 1');
  assert.equal(hvcC[21], 0x0f, 'constantFrameRate 0, numTemporalLayers 1, temporalIdNested 1, lengthSizeMinusOne 3');
  assert.equal(hvcC[22], 3, 'VPS, SPS, PPS arrays');
  assert.equal(hvcC[23], 0x80 | 32, 'array_completeness 1, VPS');
  const back = readHevcDecoderConfigurationRecord(hvcC);
  assert.equal(back.nalLengthSize, 4);
  assert.deepEqual([back.vps, back.sps, back.pps].map((a) => a.map((n) => [...n])), [[[...vps]], [[...sps]], [[...pps]]]);
  // ffmpeg's record (with an extra SEI array) reads to the same parameter sets.
  const theirs = readHevcDecoderConfigurationRecord(ffmpeg);
  assert.deepEqual([...theirs.sps[0]], [...sps]);
});
