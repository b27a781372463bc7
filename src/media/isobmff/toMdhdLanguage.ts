import { iso639Pairs } from './iso639Pairs.ts';

/**
 * The ISO 639-2/T code for `mdhd` (ISO/IEC 14496-12 8.4.2.3) of a BCP 47 tag:
 * its primary subtag mapped from ISO 639-1 when it has two letters, kept when
 * it already has three, `und` when absent or unknown. The full tag would need
 * an `elng` box; regions and scripts are dropped here.
 */
export function toMdhdLanguage(bcp47: string | undefined): string {
  if (!bcp47) return 'und';
  const primary = bcp47.split('-')[0].toLowerCase();
  if (/^[a-z]{3}$/.test(primary)) return iso639Pairs.find((p) => p.b === primary)?.t ?? primary;
  return iso639Pairs.find((p) => p.bcp47 === primary)?.t ?? 'und';
}
