import type { ByteWriter } from '../../bytes/ByteWriter.ts';

/** VideoMediaHeaderBox (ISO/IEC 14496-12 12.1.2): flags 1, graphicsmode 0 (copy), opcolor 0,0,0. */
export function writeVmhd(w: ByteWriter): void {
  const start = w.beginFullBox('vmhd', 0, 1);
  w.u16(0).u16(0).u16(0).u16(0);
  w.endBox(start);
}
