import type { ByteWriter } from '../../bytes/ByteWriter.ts';

/** SoundMediaHeaderBox (ISO/IEC 14496-12 12.2.2): balance 0 (centre), reserved. */
export function writeSmhd(w: ByteWriter): void {
  const start = w.beginFullBox('smhd', 0, 0);
  w.u16(0).u16(0);
  w.endBox(start);
}
