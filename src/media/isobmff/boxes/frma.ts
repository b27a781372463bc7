import { ByteReader } from '../../bytes/ByteReader.ts';
import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import type { BoxHeader } from '../BoxHeader.ts';

/** OriginalFormatBox (ISO/IEC 14496-12 8.12.2): the sample entry type before it became `encv`/`enca`. */
export function writeFrma(w: ByteWriter, dataFormat: string): void {
  const start = w.beginBox('frma');
  w.fourcc(dataFormat);
  w.endBox(start);
}

export function readFrma(bytes: Uint8Array, box: BoxHeader): { dataFormat: string } {
  return { dataFormat: new ByteReader(bytes, box.contentStart, box.end).fourcc('frma data_format') };
}

export function describeFrma(v: { dataFormat: string }): string {
  return `dataFormat=${v.dataFormat}`;
}
