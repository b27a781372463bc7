import type { SegmentTiming } from '../model/Presentation.ts';

/**
 * The `SegmentTimeline` `S` elements of a list of segments (ISO/IEC 23009-1
 * 5.3.9.6): run-length compressed, `r` = number of repeats after the first.
 * The first entry always carries `t`; later entries carry `t` only after a
 * gap or overlap, where the next start differs from the previous end.
 */
export function computeSegmentTimeline(segments: readonly SegmentTiming[]): { t?: number; d: number; r: number }[] {
  const entries: { t?: number; d: number; r: number }[] = [];
  let last: { t?: number; d: number; r: number } | undefined;
  let end = 0;
  for (const segment of segments) {
    const contiguous = last !== undefined && segment.startTime === end;
    if (contiguous && last!.d === segment.duration) {
      last!.r++;
    } else {
      last = contiguous ? { d: segment.duration, r: 0 } : { t: segment.startTime, d: segment.duration, r: 0 };
      entries.push(last);
    }
    end = segment.startTime + segment.duration;
  }
  return entries;
}
