import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import { writeTfdt } from './tfdt.ts';
import { tfhdFlags, writeTfhd } from './tfhd.ts';
import type { TrunInput } from './trun.ts';
import { writeTrun } from './trun.ts';

/**
 * TrackFragmentBox (ISO/IEC 14496-12 8.8.6): tfhd with default-base-is-moof
 * (CMAF ISO/IEC 23000-19 7.5.11), tfdt version 1, one trun.
 * Returns the position of the trun data_offset to patch.
 */
export function writeTraf(w: ByteWriter, v: { trackId: number; baseMediaDecodeTime: number; samples: readonly TrunInput[] }): number {
  const start = w.beginBox('traf');
  writeTfhd(w, { flags: tfhdFlags.defaultBaseIsMoof, trackId: v.trackId });
  writeTfdt(w, v.baseMediaDecodeTime);
  const dataOffsetAt = writeTrun(w, v.samples);
  w.endBox(start);
  return dataOffsetAt;
}
