import { iso639Pairs } from './iso639Pairs.ts';

/**
 * The BCP 47 primary language subtag of an `mdhd` ISO 639-2 code
 * (ISO/IEC 14496-12 8.4.2.3): the ISO 639-1 two-letter code when one exists
 * (RFC 5646 2.2.1 prefers it), the three-letter code otherwise, `undefined` for `und`.
 */
export function fromMdhdLanguage(code: string): string | undefined {
  if (code === 'und') return undefined;
  return iso639Pairs.find((p) => p.t === code || p.b === code)?.bcp47 ?? code;
}
