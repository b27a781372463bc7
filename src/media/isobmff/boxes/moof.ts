import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import { writeMfhd } from './mfhd.ts';
import { writeTraf } from './traf.ts';
import type { TrunInput } from './trun.ts';

/**
 * MovieFragmentBox (ISO/IEC 14496-12 8.8.4) with one track fragment.
 * Returns where the moof starts and where its trun data_offset sits, so the
 * caller can patch data_offset = moof size + mdat header size.
 */
export function writeMoof(
  w: ByteWriter,
  v: { sequenceNumber: number; trackId: number; baseMediaDecodeTime: number; samples: readonly TrunInput[] },
): { start: number; dataOffsetAt: number } {
  const start = w.beginBox('moof');
  writeMfhd(w, v.sequenceNumber);
  const dataOffsetAt = writeTraf(w, v);
  w.endBox(start);
  return { start, dataOffsetAt };
}
