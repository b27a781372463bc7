/** fscod2 -> Hz for E-AC-3 reduced sample rates, used when fscod is 3 (ATSC A/52 Annex E Table E.1.2). */
export const eac3ReducedSampleRates: readonly number[] = [24000, 22050, 16000];
