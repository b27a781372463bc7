import { ByteReader } from '../../bytes/ByteReader.ts';
import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import type { BoxHeader } from '../BoxHeader.ts';

export interface Schm {
  /** `cenc`, `cbcs`... (ISO/IEC 23001-7 4.2). */
  schemeType: string;
  /** 0x00010000 (major 1, minor 0) for the Common Encryption schemes (ISO/IEC 23001-7 4.1). */
  schemeVersion: number;
}

/** SchemeTypeBox (ISO/IEC 14496-12 8.12.5), without the optional scheme_uri. */
export function writeSchm(w: ByteWriter, v: Schm): void {
  const start = w.beginFullBox('schm', 0, 0);
  w.fourcc(v.schemeType).u32(v.schemeVersion);
  w.endBox(start);
}

export function readSchm(bytes: Uint8Array, box: BoxHeader): Schm {
  const r = new ByteReader(bytes, box.contentStart, box.end);
  r.skip(4, 'schm version, flags');
  return { schemeType: r.fourcc('schm scheme_type'), schemeVersion: r.u32('schm scheme_version') };
}

export function describeSchm(v: Schm): string {
  return `scheme=${v.schemeType} version=0x${v.schemeVersion.toString(16).padStart(8, '0')}`;
}
