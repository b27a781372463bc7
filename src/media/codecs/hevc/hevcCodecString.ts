import { readHevcSps } from './readHevcSps.ts';

/**
 * The RFC 6381 codecs parameter of an H.265 track per ISO/IEC 14496-15 E.3,
 * e.g. `hvc1.1.6.L93.B0`: profile space letter + profile_idc, the 32
 * compatibility flags bit-reversed in hex, tier letter + level_idc, then the
 * six constraint bytes in hex with trailing zero bytes dropped.
 */
export function hevcCodecString(sps: Uint8Array, sampleEntry: 'hvc1' | 'hev1' = 'hvc1'): string {
  const s = readHevcSps(sps);
  const space = ['', 'A', 'B', 'C'][s.generalProfileSpace];
  let reversed = 0;
  let flags = s.generalProfileCompatibilityFlags;
  for (let i = 0; i < 32; i++) {
    reversed = reversed * 2 + (flags & 1);
    flags >>>= 1;
  }
  const parts = [sampleEntry, `${space}${s.generalProfileIdc}`, reversed.toString(16).toUpperCase(), `${s.generalTierFlag ? 'H' : 'L'}${s.generalLevelIdc}`];
  let last = 6;
  while (last > 0 && s.generalConstraintIndicatorFlags[last - 1] === 0) last--;
  for (let i = 0; i < last; i++) parts.push(s.generalConstraintIndicatorFlags[i].toString(16).toUpperCase());
  return parts.join('.');
}
