import { ByteReader } from '../../bytes/ByteReader.ts';
import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import type { BoxHeader } from '../BoxHeader.ts';

/** SampleAuxiliaryInformationSizesBox fields (ISO/IEC 14496-12 8.7.8). */
export interface Saiz {
  /** Present when flags bit 0 is set; CMAF leaves it out (the type is implied by the scheme, ISO/IEC 23001-7 7.1). */
  auxInfoType?: string;
  auxInfoTypeParameter?: number;
  /** Non-zero when every sample's information has this size; then `sampleInfoSizes` is empty. */
  defaultSampleInfoSize: number;
  sampleCount: number;
  sampleInfoSizes: number[];
}

/**
 * SampleAuxiliaryInformationSizesBox (ISO/IEC 14496-12 8.7.8): the size of
 * each sample's `senc` entry (IV plus subsample map), so parsers that locate
 * auxiliary information through `saiz`/`saio` rather than `senc` find it
 * (ISO/IEC 23001-7 7.1). One default size when all entries are equal and
 * not empty.
 */
export function writeSaiz(w: ByteWriter, sizes: readonly number[]): void {
  const start = w.beginFullBox('saiz', 0, 0);
  const first = sizes[0] ?? 0;
  // A default of 0 means "sizes follow", so all-zero sizes (cbcs audio: no IV, no map) are listed.
  const uniform = first > 0 && sizes.every((s) => s === first);
  w.u8(uniform ? first : 0).u32(sizes.length);
  if (!uniform) for (const s of sizes) w.u8(s);
  w.endBox(start);
}

export function readSaiz(bytes: Uint8Array, box: BoxHeader): Saiz {
  const r = new ByteReader(bytes, box.contentStart, box.end);
  r.skip(1, 'saiz version');
  const flags = r.u24('saiz flags');
  const v: Saiz = { defaultSampleInfoSize: 0, sampleCount: 0, sampleInfoSizes: [] };
  if (flags & 1) {
    v.auxInfoType = r.fourcc('saiz aux_info_type');
    v.auxInfoTypeParameter = r.u32('saiz aux_info_type_parameter');
  }
  v.defaultSampleInfoSize = r.u8('saiz default_sample_info_size');
  v.sampleCount = r.u32('saiz sample_count');
  if (v.defaultSampleInfoSize === 0) for (let i = 0; i < v.sampleCount; i++) v.sampleInfoSizes.push(r.u8('saiz sample_info_size'));
  return v;
}

export function describeSaiz(v: Saiz): string {
  const parts = v.auxInfoType ? [`type=${v.auxInfoType}`] : [];
  parts.push(`samples=${v.sampleCount}`, v.defaultSampleInfoSize > 0 ? `defaultSize=${v.defaultSampleInfoSize}` : `sizes=${v.sampleInfoSizes.join(',')}`);
  return parts.join(' ');
}
