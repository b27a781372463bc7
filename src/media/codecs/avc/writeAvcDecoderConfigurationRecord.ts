import { ByteWriter } from '../../bytes/ByteWriter.ts';
import { MediaError } from '../../errors/MediaError.ts';
import { readAvcSps } from './readAvcSps.ts';

/** Profiles for which the record carries the chroma/bit-depth extension (ISO/IEC 14496-15 5.3.3.1.2). */
const EXTENDED_PROFILES = new Set([100, 110, 122, 144]);

/**
 * Writes an AVCDecoderConfigurationRecord (the `avcC` box payload, without box
 * header) per ISO/IEC 14496-15 5.3.3.1, with 4-byte NAL unit lengths
 * (lengthSizeMinusOne = 3). Profile, compatibility and level are copied from
 * the first SPS; for High profiles the chroma_format / bit_depth extension is
 * appended with no SPS extensions.
 */
export function writeAvcDecoderConfigurationRecord(config: { sps: Uint8Array[]; pps: Uint8Array[] }): Uint8Array {
  const first = config.sps[0];
  if (!first) throw new MediaError('MALFORMED', 'expected at least one SPS for an AVCDecoderConfigurationRecord, found none');
  if (config.sps.length > 31) throw new MediaError('UNSUPPORTED', `expected at most 31 SPS, found ${config.sps.length}`);
  if (config.pps.length > 255) throw new MediaError('UNSUPPORTED', `expected at most 255 PPS, found ${config.pps.length}`);
  const parsed = readAvcSps(first);
  const w = new ByteWriter(64);
  w.u8(1); // configurationVersion
  w.u8(first[1]).u8(first[2]).u8(first[3]);
  w.u8(0xfc | 3); // reserved '111111' + lengthSizeMinusOne
  w.u8(0xe0 | config.sps.length);
  for (const s of config.sps) w.u16(s.byteLength).bytes(s);
  w.u8(config.pps.length);
  for (const p of config.pps) w.u16(p.byteLength).bytes(p);
  if (EXTENDED_PROFILES.has(parsed.profileIdc)) {
    w.u8(0xfc | parsed.chromaFormatIdc);
    w.u8(0xf8 | parsed.bitDepthLumaMinus8);
    w.u8(0xf8 | parsed.bitDepthChromaMinus8);
    w.u8(0); // numOfSequenceParameterSetExt
  }
  return w.finish();
}
