import type { ByteWriter } from '../../bytes/ByteWriter.ts';

/** Empty SampleSizeBox (ISO/IEC 14496-12 8.7.3.2): sample_size 0, sample_count 0; samples live in fragments. */
export function writeStsz(w: ByteWriter): void {
  const start = w.beginFullBox('stsz', 0, 0);
  w.u32(0).u32(0);
  w.endBox(start);
}
