/**
 * Sample flags of `trun`/`tfhd`/`trex` (ISO/IEC 14496-12 8.8.3.1):
 * reserved(4) is_leading(2) sample_depends_on(2) sample_is_depended_on(2)
 * sample_has_redundancy(2) sample_padding_value(3) sample_is_non_sync_sample(1)
 * sample_degradation_priority(16).
 */
export const sampleFlags = {
  /** sample_depends_on = 2 (does not depend on others, an I picture), is_non_sync = 0. */
  sync: 0x0200_0000,
  /** sample_depends_on = 1 (depends on others), is_non_sync = 1. */
  nonSync: 0x0101_0000,
  /** The sample_is_non_sync_sample bit. */
  isNonSyncBit: 0x0001_0000,
} as const;
