import { ByteReader } from '../../bytes/ByteReader.ts';
import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import type { BoxHeader } from '../BoxHeader.ts';

/**
 * TrackFragmentBaseMediaDecodeTimeBox (ISO/IEC 14496-12 8.8.12), always
 * version 1: a 64-bit time never wraps (a 90 kHz clock overflows 32 bits after 13 hours).
 */
export function writeTfdt(w: ByteWriter, baseMediaDecodeTime: number): void {
  const start = w.beginFullBox('tfdt', 1, 0);
  w.u64(baseMediaDecodeTime);
  w.endBox(start);
}

export function readTfdt(bytes: Uint8Array, box: BoxHeader): { baseMediaDecodeTime: number } {
  const r = new ByteReader(bytes, box.contentStart, box.end);
  const version = r.u8('tfdt version');
  r.skip(3);
  return { baseMediaDecodeTime: version === 1 ? r.u64('tfdt baseMediaDecodeTime') : r.u32('tfdt baseMediaDecodeTime') };
}

export function describeTfdt(v: { baseMediaDecodeTime: number }): string {
  return `baseMediaDecodeTime=${v.baseMediaDecodeTime}`;
}
