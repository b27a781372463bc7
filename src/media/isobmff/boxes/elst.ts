import { ByteReader } from '../../bytes/ByteReader.ts';
import type { BoxHeader } from '../BoxHeader.ts';

/** One edit (ISO/IEC 14496-12 8.6.6): `mediaTime` -1 is an empty edit (a delay). */
export interface EditListEntry {
  segmentDuration: number;
  mediaTime: number;
}

/** Reads an `elst` box (ISO/IEC 14496-12 8.6.6), versions 0 and 1. */
export function readElst(bytes: Uint8Array, box: BoxHeader): EditListEntry[] {
  const r = new ByteReader(bytes, box.contentStart, box.end);
  const version = r.u8('elst version');
  r.skip(3, 'elst flags');
  const count = r.u32('elst entry_count');
  const out: EditListEntry[] = [];
  for (let i = 0; i < count; i++) {
    const segmentDuration = version === 1 ? r.u64('elst segment_duration') : r.u32('elst segment_duration');
    let mediaTime: number;
    if (version === 1) {
      const hi = r.i32('elst media_time');
      const lo = r.u32('elst media_time');
      mediaTime = hi * 0x1_0000_0000 + lo;
    } else {
      mediaTime = r.i32('elst media_time');
    }
    r.skip(4, 'elst media_rate');
    out.push({ segmentDuration, mediaTime });
  }
  return out;
}
