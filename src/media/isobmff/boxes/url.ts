import type { ByteWriter } from '../../bytes/ByteWriter.ts';

/** DataEntryUrlBox `url ` (ISO/IEC 14496-12 8.7.2) with flag 1: the media data is in the same file. */
export function writeUrl(w: ByteWriter): void {
  w.endBox(w.beginFullBox('url ', 0, 1));
}
