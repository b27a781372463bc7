import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import { writeHdlr } from './hdlr.ts';
import { writeMdhd } from './mdhd.ts';
import { writeMinf } from './minf.ts';
import type { TrakContent } from './trak.ts';

/** MediaBox (ISO/IEC 14496-12 8.4.1): mdhd, hdlr, minf. */
export function writeMdia(w: ByteWriter, t: TrakContent): void {
  const start = w.beginBox('mdia');
  writeMdhd(w, t.mdhd);
  writeHdlr(w, t.hdlr);
  writeMinf(w, t.kind, t.writeSampleEntry);
  w.endBox(start);
}
