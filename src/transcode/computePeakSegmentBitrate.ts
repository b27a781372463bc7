/**
 * Peak segment bit rate of a Media Playlist as RFC 8216 4.3.4.2 defines it
 * for `BANDWIDTH`: the largest bit rate of any contiguous run of segments
 * whose total duration is between 0.5 and 1.5 times the target duration,
 * the rate of a run being its summed sizes over its summed durations. Taking
 * runs rather than single segments keeps a short final segment (a few
 * audio frames) from inflating the figure. When no run qualifies (a
 * playlist shorter than half a target duration), the whole playlist's rate.
 * Bits per second, rounded up.
 */
export function computePeakSegmentBitrate(segments: { bytes: number; seconds: number }[], targetDurationSeconds: number): number {
  const low = 0.5 * targetDurationSeconds;
  const high = 1.5 * targetDurationSeconds;
  let peak = 0;
  let found = false;
  for (let i = 0; i < segments.length; i++) {
    let bytes = 0;
    let seconds = 0;
    for (let j = i; j < segments.length; j++) {
      bytes += segments[j].bytes;
      seconds += segments[j].seconds;
      if (seconds > high) break;
      if (seconds >= low && seconds > 0) {
        found = true;
        peak = Math.max(peak, (bytes * 8) / seconds);
      }
    }
  }
  if (!found) {
    const bytes = segments.reduce((s, x) => s + x.bytes, 0);
    const seconds = segments.reduce((s, x) => s + x.seconds, 0);
    peak = seconds > 0 ? (bytes * 8) / seconds : 0;
  }
  return Math.ceil(peak);
}
