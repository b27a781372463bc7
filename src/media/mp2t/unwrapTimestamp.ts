const WRAP = 2 ** 33;

/**
 * Places a 33-bit 90 kHz timestamp (ISO/IEC 13818-1 2.4.3.7: PTS/DTS wrap
 * every ~26.5 hours) on a continuous timeline: returns `value33 + k * 2^33`
 * for the integer k that lands closest to `reference`. `reference` may itself
 * be unwrapped (beyond 2^33) or negative, e.g. the previous unwrapped value.
 */
export function unwrapTimestamp(value33: number, reference: number): number {
  const k = Math.round((reference - value33) / WRAP);
  return value33 + k * WRAP;
}
