import { ByteReader } from '../../bytes/ByteReader.ts';
import { MediaError } from '../../errors/MediaError.ts';

/**
 * Reads an HEVCDecoderConfigurationRecord (`hvcC` payload without box header,
 * ISO/IEC 14496-15 8.3.3.1), returning the VPS/SPS/PPS arrays as views into
 * `bytes`. Arrays of other NAL unit types (e.g. SEI) are skipped.
 */
export function readHevcDecoderConfigurationRecord(bytes: Uint8Array): { vps: Uint8Array[]; sps: Uint8Array[]; pps: Uint8Array[]; nalLengthSize: number } {
  const r = new ByteReader(bytes);
  const version = r.u8('hvcC configurationVersion');
  if (version !== 1) throw new MediaError('UNSUPPORTED', `expected hvcC configurationVersion 1, found ${version}`, { offset: 0 });
  r.skip(20, 'hvcC profile, level and format fields');
  const nalLengthSize = (r.u8('hvcC lengthSizeMinusOne') & 3) + 1;
  if (nalLengthSize === 3) throw new MediaError('MALFORMED', 'expected hvcC NAL length size 1, 2 or 4, found 3', { offset: 21 });
  const numArrays = r.u8('hvcC numOfArrays');
  const vps: Uint8Array[] = [];
  const sps: Uint8Array[] = [];
  const pps: Uint8Array[] = [];
  for (let a = 0; a < numArrays; a++) {
    const type = r.u8('hvcC NAL_unit_type') & 0x3f;
    const numNalus = r.u16('hvcC numNalus');
    const target = type === 32 ? vps : type === 33 ? sps : type === 34 ? pps : undefined;
    for (let i = 0; i < numNalus; i++) {
      const nal = r.bytesView(r.u16('hvcC nalUnitLength'), 'hvcC NAL unit');
      target?.push(nal);
    }
  }
  return { vps, sps, pps, nalLengthSize };
}
