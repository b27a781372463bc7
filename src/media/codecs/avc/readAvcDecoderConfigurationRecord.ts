import { ByteReader } from '../../bytes/ByteReader.ts';
import { MediaError } from '../../errors/MediaError.ts';

/**
 * Reads an AVCDecoderConfigurationRecord (`avcC` payload without box header,
 * ISO/IEC 14496-15 5.3.3.1). Parameter sets are returned as views into
 * `bytes`; the High-profile extension, if any, is ignored.
 */
export function readAvcDecoderConfigurationRecord(bytes: Uint8Array): { sps: Uint8Array[]; pps: Uint8Array[]; nalLengthSize: number } {
  const r = new ByteReader(bytes);
  const version = r.u8('avcC configurationVersion');
  if (version !== 1) throw new MediaError('UNSUPPORTED', `expected avcC configurationVersion 1, found ${version}`, { offset: 0 });
  r.skip(3, 'avcC profile/compatibility/level');
  const nalLengthSize = (r.u8('avcC lengthSizeMinusOne') & 3) + 1;
  if (nalLengthSize === 3) throw new MediaError('MALFORMED', 'expected avcC NAL length size 1, 2 or 4, found 3', { offset: 4 });
  const numSps = r.u8('avcC numOfSequenceParameterSets') & 0x1f;
  const sps: Uint8Array[] = [];
  for (let i = 0; i < numSps; i++) sps.push(r.bytesView(r.u16('avcC SPS length'), 'avcC SPS'));
  const numPps = r.u8('avcC numOfPictureParameterSets');
  const pps: Uint8Array[] = [];
  for (let i = 0; i < numPps; i++) pps.push(r.bytesView(r.u16('avcC PPS length'), 'avcC PPS'));
  return { sps, pps, nalLengthSize };
}
