import { ac3BitRates } from './ac3BitRates.ts';

/**
 * Bytes of an AC-3 syncframe for fscod and frmsizecod (ATSC A/52 Table
 * 5.18). A frame carries 1536 samples, so its 16-bit word count is the bit
 * rate times 1536 / (16 x rate): 2 x kbit/s at 48 kHz, 3 x kbit/s at 32 kHz,
 * and at 44.1 kHz the floor of kbit/s x 320/147, one word more for odd
 * frmsizecod (the table's padding that keeps the average rate exact).
 * Returns undefined for a reserved fscod or frmsizecod.
 */
export function ac3FrameSize(fscod: number, frmsizecod: number): number | undefined {
  const kbps = ac3BitRates[frmsizecod >> 1];
  if (kbps === undefined || frmsizecod > 37) return undefined;
  switch (fscod) {
    case 0: return 4 * kbps;
    case 1: return 2 * (Math.floor((kbps * 320) / 147) + (frmsizecod & 1));
    case 2: return 6 * kbps;
    default: return undefined;
  }
}
