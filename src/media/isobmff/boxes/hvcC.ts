import { ByteReader } from '../../bytes/ByteReader.ts';
import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import { readHevcDecoderConfigurationRecord } from '../../codecs/hevc/readHevcDecoderConfigurationRecord.ts';
import { writeHevcDecoderConfigurationRecord } from '../../codecs/hevc/writeHevcDecoderConfigurationRecord.ts';
import type { BoxHeader } from '../BoxHeader.ts';

/** Parameter sets of an `hvcC` box, as in `CodecConfig`, plus the NAL length field size. */
export interface HvcC {
  vps: Uint8Array[];
  sps: Uint8Array[];
  pps: Uint8Array[];
  nalLengthSize: number;
}

/** HEVCConfigurationBox (ISO/IEC 14496-15 8.4.1.1): the HEVCDecoderConfigurationRecord (8.3.3.1) built by the HEVC codec module. */
export function writeHvcC(w: ByteWriter, config: { vps: Uint8Array[]; sps: Uint8Array[]; pps: Uint8Array[] }): void {
  const start = w.beginBox('hvcC');
  w.bytes(writeHevcDecoderConfigurationRecord({ vps: config.vps, sps: config.sps, pps: config.pps }));
  w.endBox(start);
}

export function readHvcC(bytes: Uint8Array, box: BoxHeader): HvcC {
  const record = readHevcDecoderConfigurationRecord(bytes.subarray(box.contentStart, box.end));
  return { vps: record.vps, sps: record.sps, pps: record.pps, nalLengthSize: record.nalLengthSize };
}

/** Profile, tier, level and the NAL arrays straight from the record (ISO/IEC 14496-15 8.3.3.1.2). */
export function describeHvcC(bytes: Uint8Array, box: BoxHeader): string {
  const r = new ByteReader(bytes, box.contentStart, box.end);
  r.skip(1, 'hvcC configurationVersion');
  const b = r.u8('hvcC general_profile_space/tier/profile_idc');
  r.skip(10, 'hvcC compatibility and constraint flags');
  const level = r.u8('hvcC general_level_idc');
  r.skip(8, 'hvcC min_spatial_segmentation..avgFrameRate');
  const lengthSize = (r.u8('hvcC lengthSizeMinusOne') & 3) + 1;
  const numArrays = r.u8('hvcC numOfArrays');
  const counts: string[] = [];
  const names: Record<number, string> = { 32: 'vps', 33: 'sps', 34: 'pps', 39: 'sei', 40: 'sei' };
  for (let i = 0; i < numArrays; i++) {
    const nalType = r.u8('hvcC NAL_unit_type') & 0x3f;
    const n = r.u16('hvcC numNalus');
    for (let j = 0; j < n; j++) r.skip(r.u16('hvcC nalUnitLength'), 'hvcC NAL unit');
    counts.push(`${names[nalType] ?? `nal${nalType}`}=${n}`);
  }
  return `profile=${b & 0x1f} tier=${(b >> 5) & 1} level=${level} nalLength=${lengthSize} ${counts.join(' ')}`;
}
