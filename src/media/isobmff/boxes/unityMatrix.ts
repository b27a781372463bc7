import type { ByteWriter } from '../../bytes/ByteWriter.ts';

/** The identity transformation matrix of `mvhd` and `tkhd` (ISO/IEC 14496-12 6.2.2): {0x00010000,0,0, 0,0x00010000,0, 0,0,0x40000000}. */
export function writeUnityMatrix(w: ByteWriter): void {
  w.u32(0x00010000).u32(0).u32(0);
  w.u32(0).u32(0x00010000).u32(0);
  w.u32(0).u32(0).u32(0x40000000);
}
