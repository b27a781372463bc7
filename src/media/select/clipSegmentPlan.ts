import { MediaError } from '../errors/MediaError.ts';
import type { SegmentPlan } from '../plan/SegmentPlan.ts';
import type { Clip } from './Clip.ts';

/**
 * The segment plan of a clip (`planClip`), shaped so the segment pipeline
 * needs no change: tracks stay in the source plan's order (positions match
 * `SourceIndex.tracks`), segment `n` of the clip plan is source segment
 * `n + clip.firstSourceNumber - 1`, and:
 *
 * - `starts` are still *source* sample indices (the slice of the source
 *   plan's `starts` for the clip's segments, plus the end of the last one),
 *   so `planSourceReads(track, starts[n - 1], starts[n])` reads the right
 *   samples; `starts[segments.length]` is the end of the clip, not the
 *   track's sample count.
 * - `segments[n - 1].startTime` is already shifted by the track's
 *   `offsetTicks`, so a packager that writes `baseMediaDecodeTime` from it
 *   (ISO/IEC 14496-12 8.8.12) writes the clip's times. Sample durations and
 *   composition offsets are relative and need no change.
 * - A track with no media in the clip has no segments (`starts` = one index).
 *
 * Bitrates stay the source plan's: a whole-asset peak still bounds every
 * clipped segment, which is what HLS `BANDWIDTH` (RFC 8216 4.3.4.2) promises.
 */
export function clipSegmentPlan(plan: SegmentPlan, clip: Clip): SegmentPlan {
  const byId = new Map(clip.tracks.map((t) => [t.trackId, t]));
  const first = clip.firstSourceNumber - 1;
  return {
    ...plan,
    tracks: plan.tracks.map((trackPlan) => {
      const cut = byId.get(trackPlan.trackId);
      if (cut === undefined) {
        throw new MediaError('MALFORMED', `the clip was planned without track ${trackPlan.trackId}; plan it on the presentation of this very segment plan`, {
          subject: trackPlan.trackId,
        });
      }
      const count = cut.segmentCount;
      const from = Math.min(first, trackPlan.segments.length);
      return {
        ...trackPlan,
        starts: trackPlan.starts.slice(from, from + count + 1),
        segments: trackPlan.segments.slice(from, from + count).map((s, i) => ({
          number: i + 1,
          startTime: s.startTime - cut.offsetTicks,
          duration: s.duration,
        })),
      };
    }),
  };
}
