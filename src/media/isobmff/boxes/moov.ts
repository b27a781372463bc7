import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import { writeMvex } from './mvex.ts';
import { writeMvhd } from './mvhd.ts';
import type { TrakContent } from './trak.ts';
import { writeTrak } from './trak.ts';

/**
 * MovieBox (ISO/IEC 14496-12 8.2.1) of a fragmented file: mvhd (duration 0,
 * timescale 1000), one trak per track, mvex with a trex per track whose
 * defaults are all explicit in each trun (default sample description 1).
 */
export function writeMoov(w: ByteWriter, tracks: TrakContent[]): void {
  const start = w.beginBox('moov');
  const maxId = Math.max(...tracks.map((t) => t.tkhd.trackId));
  writeMvhd(w, { timescale: 1000, duration: 0, nextTrackId: maxId + 1 });
  for (const t of tracks) writeTrak(w, t);
  writeMvex(
    w,
    tracks.map((t) => ({ trackId: t.tkhd.trackId, sampleDescriptionIndex: 1, sampleDuration: 0, sampleSize: 0, sampleFlags: 0 })),
  );
  w.endBox(start);
}
