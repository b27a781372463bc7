import type { ContentKey } from './ContentKey.ts';
import type { KeyUsageRule } from './KeyUsageRule.ts';

/**
 * Every content key of an asset under a configuration, each with the rule
 * saying which tracks it protects (one `ALL` entry for SPEKE v1 and the
 * built-in store's usual single key; one entry per key of a SPEKE v2 preset).
 */
export interface ContentKeySet {
  entries: { rule: KeyUsageRule; key: ContentKey }[];
}
