/** Sampling frequencies by samplingFrequencyIndex 0..12 (ISO/IEC 14496-3 Table 1.18; 13..14 reserved, 15 = explicit). */
export const aacSampleRates: readonly number[] = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];
