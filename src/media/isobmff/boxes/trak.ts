import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import type { MediaKind } from '../../model/Track.ts';
import type { Hdlr } from './hdlr.ts';
import type { Mdhd } from './mdhd.ts';
import { writeMdia } from './mdia.ts';
import type { Tkhd } from './tkhd.ts';
import { writeTkhd } from './tkhd.ts';

/** Everything a fragmented track's `trak` holds, field by field. */
export interface TrakContent {
  kind: MediaKind;
  tkhd: Tkhd;
  mdhd: Mdhd;
  hdlr: Hdlr;
  writeSampleEntry: (w: ByteWriter) => void;
}

/** TrackBox (ISO/IEC 14496-12 8.3.1): tkhd and mdia; no edit list (CMAF uses trun v1 negative composition offsets instead). */
export function writeTrak(w: ByteWriter, t: TrakContent): void {
  const start = w.beginBox('trak');
  writeTkhd(w, t.tkhd);
  writeMdia(w, t);
  w.endBox(start);
}
