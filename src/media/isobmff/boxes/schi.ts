import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import type { Tenc } from './tenc.ts';
import { writeTenc } from './tenc.ts';

/** SchemeInformationBox (ISO/IEC 14496-12 8.12.6): for the Common Encryption schemes it holds the `tenc` (ISO/IEC 23001-7 4.1). */
export function writeSchi(w: ByteWriter, tenc: Tenc): void {
  const start = w.beginBox('schi');
  writeTenc(w, tenc);
  w.endBox(start);
}
