import { MediaError } from '../../errors/MediaError.ts';

/**
 * The RFC 6381 codecs parameter of an H.264 track, `avc1.PPCCLL`: profile_idc,
 * the constraint flags byte and level_idc of the SPS as lowercase hex
 * (ISO/IEC 14496-15 Annex E). Takes the SPS NAL unit with its header byte.
 */
export function avcCodecString(sps: Uint8Array): string {
  if (sps.byteLength < 4) {
    throw new MediaError('TRUNCATED', `expected an H.264 SPS of at least 4 bytes, found ${sps.byteLength}`);
  }
  const hex = (b: number) => b.toString(16).padStart(2, '0');
  return `avc1.${hex(sps[1])}${hex(sps[2])}${hex(sps[3])}`;
}
