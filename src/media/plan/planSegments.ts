import { MediaError } from '../errors/MediaError.ts';
import type { SourceIndex, IndexedTrack } from '../index/SourceIndex.ts';
import { SAMPLE_SYNC } from '../index/SampleTable.ts';
import type { SegmentPlan, TrackSegmentPlan } from './SegmentPlan.ts';
import type { SegmentTiming } from '../model/Presentation.ts';

/** Two sync samples of different renditions are "the same boundary" within this distance. */
const ALIGN_TOLERANCE_SECONDS = 0.010;

/**
 * Plans output segments for every track of an asset.
 *
 * Boundaries are sync samples present in *every* video track (so players can
 * switch renditions at any boundary), chosen greedily nearest to
 * `previous + targetSeconds`. MediaPackage rounds to whole source segments;
 * this can cut inside a source segment wherever all renditions have a
 * keyframe, so short-GOP sources get durations closer to the target.
 * The source's programme changes (`SourceIndex.breaks`) are always boundaries.
 * Audio (and video-less assets) is cut at the audio frame nearest each
 * boundary, keeping every segment's audio within half a frame of its video.
 */
export function planSegments(index: SourceIndex, targetSeconds: number): SegmentPlan {
  if (!(targetSeconds > 0)) throw new MediaError('MALFORMED', `segment duration must be positive, found ${targetSeconds}`);
  const video = index.tracks.filter((t) => t.track.kind === 'video');
  const reference = video.length > 0 ? video : index.tracks.filter((t) => t.track.kind === 'audio').slice(0, 1);
  if (reference.length === 0) throw new MediaError('NO_TRACKS', 'asset has no video or audio track to segment');

  // The end of the media is a candidate too, so the last segment is not split in two short ones.
  const end = Math.max(...reference.map((t) => endSeconds(t)));
  const candidates = [...commonSyncTimes(reference), end];
  // Programme changes (discontinuities, ad breaks) are boundaries whatever the target: a
  // Period or an ad must start on a segment. Each snaps to the common keyframe at its time.
  const forced = (index.breaks ?? [])
    .map((b) => candidates.find((c) => Math.abs(c - b.startSeconds) <= ALIGN_TOLERANCE_SECONDS))
    .filter((c): c is number => c !== undefined && c > candidates[0] && c < end);
  const boundaries: number[] = [];
  let from = 0;
  for (const at of [...new Set(forced)].sort((a, b) => a - b)) {
    const to = candidates.indexOf(at);
    boundaries.push(...chooseBoundaries(candidates.slice(from, to + 1), targetSeconds).slice(0, -1));
    from = to;
  }
  boundaries.push(...chooseBoundaries(candidates.slice(from), targetSeconds).slice(0, -1));

  const tracks = index.tracks.map((t) => (t.track.kind === 'text' ? planTextTrack(t, boundaries, end) : planTrack(t, boundaries, t.track.kind === 'video')));
  const durations = tracks[0].segments.map((s) => Math.round((s.duration / index.tracks[0].track.timescale) * 1000) / 1000);
  return { targetSeconds, nominalSeconds: mode(durations) ?? targetSeconds, tracks };
}

function syncTimes(t: IndexedTrack): number[] {
  const { samples, track } = t;
  const out: number[] = [];
  for (let i = 0; i < samples.count; i++) {
    if (samples.flags[i] & SAMPLE_SYNC) out.push((samples.decodeTime[i] + samples.compositionOffset[i]) / track.timescale);
  }
  return out;
}

/** Presentation times (seconds) of sync samples found in all reference tracks. */
function commonSyncTimes(reference: IndexedTrack[]): number[] {
  let common = syncTimes(reference[0]);
  for (const other of reference.slice(1)) {
    const times = syncTimes(other);
    const kept: number[] = [];
    let j = 0;
    for (const t of common) {
      while (j < times.length && times[j] < t - ALIGN_TOLERANCE_SECONDS) j++;
      if (j < times.length && Math.abs(times[j] - t) <= ALIGN_TOLERANCE_SECONDS) kept.push(t);
    }
    common = kept;
  }
  if (common.length === 0) {
    throw new MediaError('UNALIGNED', `renditions ${reference.map((t) => t.track.id).join(', ')} share no keyframe; they cannot form one switching set`);
  }
  return common;
}

function chooseBoundaries(candidates: number[], target: number): number[] {
  const chosen = [candidates[0]];
  let j = 1;
  while (j < candidates.length) {
    const aim = chosen[chosen.length - 1] + target;
    // advance to the candidate nearest `aim`; on a tie prefer the later one (fewer, longer segments)
    while (j + 1 < candidates.length && Math.abs(candidates[j + 1] - aim) <= Math.abs(candidates[j] - aim) + 1e-9) j++;
    chosen.push(candidates[j]);
    j++;
  }
  return chosen;
}

function planTrack(t: IndexedTrack, boundaries: number[], snapToSync: boolean): TrackSegmentPlan {
  const { samples, track } = t;
  const n = samples.count;
  const starts: number[] = [0];
  let i = 0;
  for (const b of boundaries.slice(1)) {
    if (snapToSync) {
      while (i < n && !((samples.flags[i] & SAMPLE_SYNC) && presentationSeconds(t, i) >= b - ALIGN_TOLERANCE_SECONDS)) i++;
    } else {
      // first frame whose start is at or after the boundary minus half a frame: nearest frame start
      while (i < n && (samples.decodeTime[i] + samples.duration[i] / 2) / track.timescale < b) i++;
    }
    if (i >= n) break;
    if (i > starts[starts.length - 1]) starts.push(i);
  }
  starts.push(n);

  const segments: SegmentTiming[] = [];
  for (let k = 0; k + 1 < starts.length; k++) {
    const first = starts[k];
    const last = starts[k + 1] - 1;
    const startTime = samples.decodeTime[first];
    segments.push({ number: k + 1, startTime, duration: samples.decodeTime[last] + samples.duration[last] - startTime });
  }
  return trackPlanOf(t, starts, segments);
}

/**
 * Text segments span exactly the video segments' times (HLS subtitle segments
 * line up with the media's; DASH players fetch them by the same timeline),
 * whatever cues they hold. `starts[k]` is the first cue starting at or after
 * boundary k; the packager takes every cue *overlapping* a segment, so a cue
 * spanning a boundary appears in both segments, as segmenters write them.
 */
function planTextTrack(t: IndexedTrack, boundaries: number[], endSecondsOfMedia: number): TrackSegmentPlan {
  const { samples, track } = t;
  const ticks = (seconds: number) => Math.round(seconds * track.timescale);
  const edges = [...boundaries.map(ticks), ticks(endSecondsOfMedia)];
  const starts: number[] = [];
  const segments: SegmentTiming[] = [];
  let i = 0;
  for (let k = 0; k + 1 < edges.length; k++) {
    while (i < samples.count && samples.decodeTime[i] < edges[k]) i++;
    starts.push(i);
    segments.push({ number: k + 1, startTime: edges[k], duration: edges[k + 1] - edges[k] });
  }
  starts.push(samples.count);
  return trackPlanOf(t, starts, segments);
}

/** A track's plan with the bitrates measured on its planned segments: peak over segments, mean over the whole. */
function trackPlanOf(t: IndexedTrack, starts: number[], segments: SegmentTiming[]): TrackSegmentPlan {
  const { samples, track } = t;
  let peak = 0;
  let totalBits = 0;
  for (let k = 0; k < segments.length; k++) {
    let bytes = 0;
    for (let s = starts[k]; s < starts[k + 1]; s++) bytes += samples.size[s];
    totalBits += bytes * 8;
    if (segments[k].duration > 0) peak = Math.max(peak, (bytes * 8) / (segments[k].duration / track.timescale));
  }
  const totalSeconds = segments.reduce((a, s) => a + s.duration, 0) / track.timescale;
  return {
    trackId: track.id,
    starts: Uint32Array.from(starts),
    segments,
    peakBitsPerSecond: Math.ceil(peak),
    averageBitsPerSecond: totalSeconds > 0 ? Math.ceil(totalBits / totalSeconds) : 0,
  };
}

function endSeconds(t: IndexedTrack): number {
  const s = t.samples;
  const last = s.count - 1;
  return last < 0 ? 0 : (s.decodeTime[last] + s.duration[last]) / t.track.timescale;
}

function presentationSeconds(t: IndexedTrack, i: number): number {
  return (t.samples.decodeTime[i] + t.samples.compositionOffset[i]) / t.track.timescale;
}

function mode(values: number[]): number | undefined {
  const counts = new Map<number, number>();
  let best: number | undefined;
  let bestCount = 0;
  for (const v of values) {
    const c = (counts.get(v) ?? 0) + 1;
    counts.set(v, c);
    if (c > bestCount) {
      best = v;
      bestCount = c;
    }
  }
  return best;
}
