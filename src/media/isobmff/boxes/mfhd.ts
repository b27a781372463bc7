import { ByteReader } from '../../bytes/ByteReader.ts';
import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import type { BoxHeader } from '../BoxHeader.ts';

/** MovieFragmentHeaderBox (ISO/IEC 14496-12 8.8.5): the fragment's sequence_number. */
export function writeMfhd(w: ByteWriter, sequenceNumber: number): void {
  const start = w.beginFullBox('mfhd', 0, 0);
  w.u32(sequenceNumber);
  w.endBox(start);
}

export function readMfhd(bytes: Uint8Array, box: BoxHeader): { sequenceNumber: number } {
  const r = new ByteReader(bytes, box.contentStart, box.end);
  r.skip(4, 'mfhd version and flags');
  return { sequenceNumber: r.u32('mfhd sequence_number') };
}

export function describeMfhd(v: { sequenceNumber: number }): string {
  return `sequenceNumber=${v.sequenceNumber}`;
}
