import type { ByteWriter } from '../../bytes/ByteWriter.ts';

/** NullMediaHeaderBox (ISO/IEC 14496-12 8.4.5.2): the media header of text tracks such as WebVTT (ISO/IEC 14496-30 7.2). */
export function writeNmhd(w: ByteWriter): void {
  const start = w.beginFullBox('nmhd', 0, 0);
  w.endBox(start);
}
