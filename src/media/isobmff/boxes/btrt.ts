import { ByteReader } from '../../bytes/ByteReader.ts';
import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import type { BoxHeader } from '../BoxHeader.ts';

export interface Btrt {
  bufferSizeDB: number;
  maxBitrate: number;
  avgBitrate: number;
}

/** BitRateBox (ISO/IEC 14496-12 8.5.2.2), in bits per second. */
export function writeBtrt(w: ByteWriter, v: Btrt): void {
  const start = w.beginBox('btrt');
  w.u32(v.bufferSizeDB).u32(v.maxBitrate).u32(v.avgBitrate);
  w.endBox(start);
}

export function readBtrt(bytes: Uint8Array, box: BoxHeader): Btrt {
  const r = new ByteReader(bytes, box.contentStart, box.end);
  return { bufferSizeDB: r.u32('btrt bufferSizeDB'), maxBitrate: r.u32('btrt maxBitrate'), avgBitrate: r.u32('btrt avgBitrate') };
}

export function describeBtrt(v: Btrt): string {
  return `bufferSizeDB=${v.bufferSizeDB} max=${v.maxBitrate} avg=${v.avgBitrate}`;
}
