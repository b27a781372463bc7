import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import { writeFrma } from './frma.ts';
import { writeSchi } from './schi.ts';
import { writeSchm } from './schm.ts';
import type { Tenc } from './tenc.ts';

/** Scheme version of every Common Encryption scheme (ISO/IEC 23001-7 4.1): 1.0. */
export const CENC_SCHEME_VERSION = 0x00010000;

/**
 * ProtectionSchemeInfoBox (ISO/IEC 14496-12 8.12.1, ISO/IEC 23001-7 4.1):
 * `frma` (the original sample entry type), `schm` (scheme and version 1.0)
 * and `schi` with the `tenc`.
 */
export function writeSinf(w: ByteWriter, v: { originalFormat: string; scheme: 'cenc' | 'cbcs'; tenc: Tenc }): void {
  const start = w.beginBox('sinf');
  writeFrma(w, v.originalFormat);
  writeSchm(w, { schemeType: v.scheme, schemeVersion: CENC_SCHEME_VERSION });
  writeSchi(w, v.tenc);
  w.endBox(start);
}
