import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import { writeUrl } from './url.ts';

/** DataReferenceBox (ISO/IEC 14496-12 8.7.2) with one self-contained `url ` entry. */
export function writeDref(w: ByteWriter): void {
  const start = w.beginFullBox('dref', 0, 0);
  w.u32(1); // entry_count
  writeUrl(w);
  w.endBox(start);
}
