/** fscod -> Hz (ATSC A/52 Table 5.6); fscod 3 is reserved in AC-3 and means "see fscod2" in E-AC-3. */
export const ac3SampleRates: readonly number[] = [48000, 44100, 32000];
