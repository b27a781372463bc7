import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import { writeFtyp } from './ftyp.ts';
import type { FileTypeBrands } from './ftyp.ts';

/**
 * SegmentTypeBox (ISO/IEC 14496-12 8.16.2), same syntax as `ftyp`; read and
 * described by `readFtyp` / `describeFtyp`.
 */
export function writeStyp(w: ByteWriter, brands: FileTypeBrands): void {
  writeFtyp(w, brands, 'styp');
}
