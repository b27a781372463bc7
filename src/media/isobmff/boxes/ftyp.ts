import { ByteReader } from '../../bytes/ByteReader.ts';
import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import type { BoxHeader } from '../BoxHeader.ts';

/** Brands of a `ftyp` or `styp` box (ISO/IEC 14496-12 4.3). */
export interface FileTypeBrands {
  majorBrand: string;
  minorVersion: number;
  compatibleBrands: string[];
}

/** FileTypeBox (ISO/IEC 14496-12 4.3); `type` is `styp` for a SegmentTypeBox (8.16.2), which has the same syntax. */
export function writeFtyp(w: ByteWriter, brands: FileTypeBrands, type: 'ftyp' | 'styp' = 'ftyp'): void {
  const start = w.beginBox(type);
  w.fourcc(brands.majorBrand).u32(brands.minorVersion);
  for (const b of brands.compatibleBrands) w.fourcc(b);
  w.endBox(start);
}

export function readFtyp(bytes: Uint8Array, box: BoxHeader): FileTypeBrands {
  const r = new ByteReader(bytes, box.contentStart, box.end);
  const majorBrand = r.fourcc(`${box.type} major_brand`);
  const minorVersion = r.u32(`${box.type} minor_version`);
  const compatibleBrands: string[] = [];
  while (r.remaining >= 4) compatibleBrands.push(r.fourcc(`${box.type} compatible_brands`));
  return { majorBrand, minorVersion, compatibleBrands };
}

export function describeFtyp(v: FileTypeBrands): string {
  return `major=${v.majorBrand} minor=${v.minorVersion} compatible=${v.compatibleBrands.join(',')}`;
}
