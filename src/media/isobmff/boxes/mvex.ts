import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import type { Trex } from './trex.ts';
import { writeTrex } from './trex.ts';

/** MovieExtendsBox (ISO/IEC 14496-12 8.8.1): signals a fragmented file; one trex per track, no mehd (CMAF 7.5.1). */
export function writeMvex(w: ByteWriter, trex: Trex[]): void {
  const start = w.beginBox('mvex');
  for (const t of trex) writeTrex(w, t);
  w.endBox(start);
}
