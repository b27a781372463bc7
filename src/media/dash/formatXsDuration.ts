/**
 * Seconds as an XML Schema `xs:duration` (W3C XML Schema Part 2 3.2.6), the
 * type of `MPD@mediaPresentationDuration` and `@minBufferTime` (ISO/IEC
 * 23009-1 5.3.1.2): `PT0S`, `PT2S`, `PT1M2.345S`, `PT1H0M5S`. Rounded to the
 * millisecond, trailing zeros dropped. Hours are not folded into days, which
 * every DASH player reads. Negative values get the leading `-` the schema allows.
 */
export function formatXsDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) throw new RangeError(`formatXsDuration: expected a finite number of seconds, found ${seconds}`);
  const sign = seconds < 0 ? '-' : '';
  const totalMilliseconds = Math.round(Math.abs(seconds) * 1000);
  const hours = Math.floor(totalMilliseconds / 3_600_000);
  const minutes = Math.floor((totalMilliseconds % 3_600_000) / 60_000);
  const milliseconds = totalMilliseconds % 60_000;
  const wholeSeconds = Math.floor(milliseconds / 1000);
  const fraction = milliseconds % 1000;
  const secondsText = fraction === 0 ? `${wholeSeconds}` : `${wholeSeconds}.${String(fraction).padStart(3, '0').replace(/0+$/, '')}`;
  if (hours > 0) return `${sign}PT${hours}H${minutes}M${secondsText}S`;
  if (minutes > 0) return `${sign}PT${minutes}M${secondsText}S`;
  return `${sign}PT${secondsText}S`;
}
