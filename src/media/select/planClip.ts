import { MediaError } from '../errors/MediaError.ts';
import type { Presentation, SegmentTiming, SwitchingSet, TrackTimeline } from '../model/Presentation.ts';
import type { Clip, ClipRange, ClipTrack } from './Clip.ts';
import { selectionError } from './selectionError.ts';

/**
 * Times within this distance of a segment boundary count as on it, so a
 * `start=4` meets a boundary at 4.00001 s (one 90 kHz tick) instead of
 * snapping back a whole segment.
 */
const BOUNDARY_TOLERANCE_SECONDS = 0.001;

/**
 * Plans a clip of a presentation (Kinora's addition: MediaPackage VOD has
 * no time-range parameters). Segments are never cut, since a segment must
 * start on a keyframe common to every rendition (`planSegments`), so:
 *
 * - **Precision.** The start snaps *back* to the segment boundary at or
 *   before `startSeconds`, the end *forward* to the boundary at or after
 *   `endSeconds` (within 1 ms), on the reference track: the first video
 *   track, else the first audio track. The clip therefore covers the range
 *   asked for and at most one segment duration more on each side.
 * - **Numbers.** Every track takes the same source segment numbers
 *   `firstSourceNumber..lastSourceNumber` (all tracks share the plan's
 *   boundaries), renumbered from 1. A track with no segment there (ended
 *   early) is left out, and so is a switching set left empty.
 * - **Times.** The clip starts at the earliest first-segment start of all
 *   tracks, T0; each track is shifted by T0 in its own timescale
 *   (`offsetTicks`), so the earliest track starts at exactly 0 and the
 *   others where they were relative to it: audio cut at the frame nearest
 *   the video boundary keeps its exact A/V offset (under half an audio
 *   frame), as ingest's timeline normalisation does.
 * - **Duration.** `durationSeconds` runs from T0 to the latest clipped track
 *   end, or to the asset's duration when the clip reaches the last segment.
 *
 * Validation (`MediaError`), in this order: `CLIP_INVALID` for non-finite
 * numbers or a negative start; `CLIP_OUT_OF_RANGE` for a start at or past
 * the duration; `CLIP_INVALID` for an end not after the start;
 * `CLIP_OUT_OF_RANGE` for an end past the duration (beyond 1 ms).
 *
 * Plan the clip on the full presentation of a segment plan (before stream
 * selection and manifest filtering), so that `clipSegmentPlan` finds every
 * track and all manifests of the asset share segment numbers.
 */
export function planClip(presentation: Presentation, range: ClipRange): Clip {
  const duration = presentation.durationSeconds;
  const start = range.startSeconds ?? 0;
  const end = range.endSeconds ?? duration;
  if (!Number.isFinite(start) || !Number.isFinite(end)) {
    throw selectionError('CLIP_INVALID', `clip start and end must be finite numbers of seconds, found start ${start} and end ${end}`);
  }
  if (start < 0) throw selectionError('CLIP_INVALID', `clip start must be 0 or more, found ${start}`);
  if (start >= duration) throw selectionError('CLIP_OUT_OF_RANGE', `clip start ${start} s is not before the end of the asset (${duration} s)`);
  if (!(end > start)) throw selectionError('CLIP_INVALID', `clip end must be after its start, found start ${start} and end ${end}`);
  if (end > duration + BOUNDARY_TOLERANCE_SECONDS) {
    throw selectionError('CLIP_OUT_OF_RANGE', `clip end ${end} s is past the end of the asset (${duration} s)`);
  }

  const timelines = presentation.switchingSets.flatMap((set) => set.tracks);
  const withSegments = (kind: SwitchingSet['kind']) =>
    presentation.switchingSets.filter((set) => set.kind === kind).flatMap((set) => set.tracks).find((t) => t.segments.length > 0);
  const reference = withSegments('video') ?? withSegments('audio') ?? timelines.find((t) => t.segments.length > 0);
  if (reference === undefined) throw new MediaError('NO_TRACKS', 'the presentation has no segments to clip');

  const { timescale } = reference.track;
  const segments = reference.segments;
  const startOf = (s: SegmentTiming) => s.startTime / timescale;
  const endOf = (s: SegmentTiming) => (s.startTime + s.duration) / timescale;
  let first = 0;
  while (first + 1 < segments.length && startOf(segments[first + 1]) <= start + BOUNDARY_TOLERANCE_SECONDS) first++;
  let last = first;
  while (last + 1 < segments.length && endOf(segments[last]) < end - BOUNDARY_TOLERANCE_SECONDS) last++;
  const firstSourceNumber = segments[first].number;
  const lastSourceNumber = segments[last].number;

  const taken = new Map<TrackTimeline, SegmentTiming[]>();
  let t0 = Number.POSITIVE_INFINITY;
  for (const timeline of timelines) {
    const kept = timeline.segments.filter((s) => s.number >= firstSourceNumber && s.number <= lastSourceNumber);
    taken.set(timeline, kept);
    if (kept.length > 0) t0 = Math.min(t0, kept[0].startTime / timeline.track.timescale);
  }

  const tracks: ClipTrack[] = [];
  const clipped = new Map<TrackTimeline, TrackTimeline>();
  let latestEnd = 0;
  for (const timeline of timelines) {
    const kept = taken.get(timeline)!;
    if (kept.length === 0) {
      tracks.push({ trackId: timeline.track.id, segmentCount: 0, offsetTicks: 0 });
      continue;
    }
    const ticks = timeline.track.timescale;
    // Never past the track's own first start, so no time goes negative through rounding.
    const offsetTicks = Math.min(kept[0].startTime, Math.round(t0 * ticks));
    tracks.push({ trackId: timeline.track.id, segmentCount: kept.length, offsetTicks });
    const rebased = kept.map((s) => ({ number: s.number - firstSourceNumber + 1, startTime: s.startTime - offsetTicks, duration: s.duration }));
    const tail = rebased[rebased.length - 1];
    latestEnd = Math.max(latestEnd, (tail.startTime + tail.duration) / ticks);
    clipped.set(timeline, { track: timeline.track, segments: rebased });
  }

  const switchingSets: SwitchingSet[] = [];
  for (const set of presentation.switchingSets) {
    const kept = set.tracks.flatMap((t) => clipped.get(t) ?? []);
    if (kept.length > 0) switchingSets.push({ ...set, tracks: kept });
  }
  const toEnd = last === segments.length - 1;
  return {
    requested: { startSeconds: start, endSeconds: end },
    sourceStartSeconds: startOf(segments[first]),
    sourceEndSeconds: endOf(segments[last]),
    firstSourceNumber,
    lastSourceNumber,
    tracks,
    presentation: { durationSeconds: toEnd ? duration - t0 : latestEnd, switchingSets },
  };
}
