import type { SourceBreak } from '../index/SourceIndex.ts';

/** One ad break of a presentation, as SCTE-35 signals it. */
export interface AdBreak {
  /** `splice_event_id`: the break's ordinal, from 1. */
  eventId: number;
  startSeconds: number;
  durationSeconds: number;
  /** Where the programme comes back (the CUE-IN, else start + the CUE-OUT duration); undefined when the break runs to the end. */
  endSeconds?: number;
}

/**
 * The ad breaks of a source (`SourceIndex.breaks`), in order: each
 * `ad-start` with its duration, which is its CUE-OUT / DATERANGE duration,
 * else the time to the `ad-end` that follows it, else the time to the next
 * `ad-start` (a break ends where the next begins: they never overlap), else
 * the rest of the presentation (`presentationEndSeconds`). Discontinuities
 * are not breaks.
 */
export function planAdBreaks(breaks: readonly SourceBreak[], presentationEndSeconds: number): AdBreak[] {
  const marks = breaks.filter((b) => b.kind !== 'discontinuity').sort((a, b) => a.startSeconds - b.startSeconds);
  const out: AdBreak[] = [];
  marks.forEach((start, i) => {
    if (start.kind !== 'ad-start') return;
    const next = marks[i + 1];
    const cueIn = next?.kind === 'ad-end' ? next : undefined;
    const nextStart = next?.kind === 'ad-start' ? next.startSeconds : undefined;
    const limit = nextStart ?? presentationEndSeconds;
    const durationSeconds = Math.min(start.durationSeconds ?? (cueIn ? cueIn.startSeconds : limit) - start.startSeconds, limit - start.startSeconds);
    const endSeconds = cueIn?.startSeconds ?? (start.durationSeconds !== undefined ? Math.min(start.startSeconds + start.durationSeconds, limit) : nextStart);
    const eventId = out.length + 1;
    if (durationSeconds > 0) out.push(endSeconds === undefined ? { eventId, startSeconds: start.startSeconds, durationSeconds } : { eventId, startSeconds: start.startSeconds, durationSeconds, endSeconds });
  });
  return out;
}
