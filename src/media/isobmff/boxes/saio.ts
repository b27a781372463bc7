import { ByteReader } from '../../bytes/ByteReader.ts';
import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import type { BoxHeader } from '../BoxHeader.ts';

/** SampleAuxiliaryInformationOffsetsBox fields (ISO/IEC 14496-12 8.7.9). */
export interface Saio {
  auxInfoType?: string;
  auxInfoTypeParameter?: number;
  offsets: number[];
}

/**
 * SampleAuxiliaryInformationOffsetsBox (ISO/IEC 14496-12 8.7.9) with one
 * offset, written as 0: in a movie fragment with default-base-is-moof it
 * counts from the first byte of the `moof` (8.7.9.3), so the caller patches
 * it (`patchU32` at the returned position) once the `senc` entries are placed.
 */
export function writeSaio(w: ByteWriter): number {
  const start = w.beginFullBox('saio', 0, 0);
  w.u32(1);
  const offsetAt = w.length;
  w.u32(0);
  w.endBox(start);
  return offsetAt;
}

export function readSaio(bytes: Uint8Array, box: BoxHeader): Saio {
  const r = new ByteReader(bytes, box.contentStart, box.end);
  const version = r.u8('saio version');
  const flags = r.u24('saio flags');
  const v: Saio = { offsets: [] };
  if (flags & 1) {
    v.auxInfoType = r.fourcc('saio aux_info_type');
    v.auxInfoTypeParameter = r.u32('saio aux_info_type_parameter');
  }
  const count = r.u32('saio entry_count');
  for (let i = 0; i < count; i++) v.offsets.push(version === 0 ? r.u32('saio offset') : r.u64('saio offset'));
  return v;
}

export function describeSaio(v: Saio): string {
  return `${v.auxInfoType ? `type=${v.auxInfoType} ` : ''}offsets=${v.offsets.join(',')}`;
}
