import type { ByteWriter } from '../../bytes/ByteWriter.ts';

/**
 * SampleDescriptionBox (ISO/IEC 14496-12 8.5.2) with one entry written by
 * `writeEntry`; its children start 8 bytes into the payload (version, flags, entry_count).
 */
export function writeStsd(w: ByteWriter, writeEntry: (w: ByteWriter) => void): void {
  const start = w.beginFullBox('stsd', 0, 0);
  w.u32(1); // entry_count
  writeEntry(w);
  w.endBox(start);
}
