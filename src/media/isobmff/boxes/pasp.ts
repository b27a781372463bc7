import { ByteReader } from '../../bytes/ByteReader.ts';
import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import type { BoxHeader } from '../BoxHeader.ts';

export interface Pasp {
  hSpacing: number;
  vSpacing: number;
}

/** PixelAspectRatioBox (ISO/IEC 14496-12 12.1.4): the sample aspect ratio hSpacing:vSpacing. */
export function writePasp(w: ByteWriter, v: Pasp): void {
  const start = w.beginBox('pasp');
  w.u32(v.hSpacing).u32(v.vSpacing);
  w.endBox(start);
}

export function readPasp(bytes: Uint8Array, box: BoxHeader): Pasp {
  const r = new ByteReader(bytes, box.contentStart, box.end);
  return { hSpacing: r.u32('pasp hSpacing'), vSpacing: r.u32('pasp vSpacing') };
}

export function describePasp(v: Pasp): string {
  return `${v.hSpacing}:${v.vSpacing}`;
}
