/**
 * A frame rate as a DASH `FrameRateType` (ISO/IEC 23009-1 5.3.12.2,
 * `[0-9]+(/[0-9]+)?`): an integer when whole (`25`), the NTSC rates as
 * `N/1001` (`30000/1001`, `24000/1001`, `60000/1001`), anything else as
 * the reduced fraction of its value to the millisecond (`12.5` -> `25/2`).
 */
export function formatFrameRate(frameRate: number): string {
  const whole = Math.round(frameRate);
  if (Math.abs(frameRate - whole) < 1e-3) return String(whole);
  const ntsc = Math.round((frameRate * 1001) / 1000);
  if (Math.abs((ntsc * 1000) / 1001 - frameRate) < 1e-3) return `${ntsc * 1000}/1001`;
  const numerator = Math.round(frameRate * 1000);
  const divisor = greatestCommonDivisor(numerator, 1000);
  return `${numerator / divisor}/${1000 / divisor}`;
}

function greatestCommonDivisor(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
