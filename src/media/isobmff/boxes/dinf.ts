import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import { writeDref } from './dref.ts';

/** DataInformationBox (ISO/IEC 14496-12 8.7.1). */
export function writeDinf(w: ByteWriter): void {
  const start = w.beginBox('dinf');
  writeDref(w);
  w.endBox(start);
}
