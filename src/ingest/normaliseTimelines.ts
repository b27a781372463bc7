import type { IndexedTrack } from '../media/index/SourceIndex.ts';
import { SAMPLE_SYNC } from '../media/index/SampleTable.ts';

/**
 * Moves every track onto the output timeline, in place:
 * 1. video decode times are shifted by the first sync sample's composition
 *    offset, so a keyframe's decode time equals its presentation time and
 *    B-frames get negative offsets (trun version 1; the CMAF way, no edit list);
 * 2. all tracks are rebased by the earliest presentation time among them,
 *    so the presentation starts at 0 while audio/video offsets stay exact.
 * Text tracks follow the media: they neither move the start nor extend the
 * duration, and a cue starting before 0 is cut to start at 0.
 * Returns the offset removed (90 kHz) and the presentation duration.
 */
export function normaliseTimelines(tracks: IndexedTrack[]): { timeOffset90k: number; durationSeconds: number } {
  const media = tracks.filter((t) => t.track.kind !== 'text');
  for (const t of media) {
    const s = t.samples;
    let shift = 0;
    for (let i = 0; i < s.count; i++) {
      if (s.flags[i] & SAMPLE_SYNC) {
        shift = s.compositionOffset[i];
        break;
      }
    }
    if (shift !== 0) {
      for (let i = 0; i < s.count; i++) {
        s.decodeTime[i] += shift;
        s.compositionOffset[i] -= shift;
      }
    }
  }
  let earliest = Infinity;
  for (const t of media) {
    const s = t.samples;
    let first = Infinity;
    for (let i = 0; i < Math.min(s.count, 64); i++) first = Math.min(first, s.decodeTime[i] + s.compositionOffset[i]);
    earliest = Math.min(earliest, first / t.track.timescale);
  }
  const timeOffset90k = Math.round(earliest * 90_000);
  let durationSeconds = 0;
  for (const t of tracks) {
    const s = t.samples;
    const offset = Math.round((timeOffset90k * t.track.timescale) / 90_000);
    for (let i = 0; i < s.count; i++) s.decodeTime[i] -= offset;
    if (t.track.kind === 'text') {
      for (let i = 0; i < s.count && s.decodeTime[i] < 0; i++) {
        s.duration[i] = Math.max(0, s.decodeTime[i] + s.duration[i]);
        s.decodeTime[i] = 0;
      }
      continue;
    }
    // A decode time that would go negative (B-frames before the first keyframe's presentation) is clamped by moving the whole track.
    const under = s.count > 0 ? Math.min(0, s.decodeTime[0]) : 0;
    if (under < 0) for (let i = 0; i < s.count; i++) s.decodeTime[i] -= under;
    const last = s.count - 1;
    if (last >= 0) durationSeconds = Math.max(durationSeconds, (s.decodeTime[last] + s.duration[last]) / t.track.timescale);
  }
  return { timeOffset90k, durationSeconds };
}
