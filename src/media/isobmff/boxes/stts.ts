import type { ByteWriter } from '../../bytes/ByteWriter.ts';

/** Empty `stts` TimeToSampleBox (ISO/IEC 14496-12 8.6.1.2): a fragmented track's samples are described by `trun` boxes (CMAF, ISO/IEC 23000-19 7.5.1). */
export function writeStts(w: ByteWriter): void {
  const start = w.beginFullBox('stts', 0, 0);
  w.u32(0); // entry_count
  w.endBox(start);
}
