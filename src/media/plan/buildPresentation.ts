import type { SourceIndex } from '../index/SourceIndex.ts';
import type { Presentation, SwitchingSet } from '../model/Presentation.ts';
import type { SegmentPlan } from './SegmentPlan.ts';

/**
 * The manifest writers' view of an asset under one segment plan: tracks
 * grouped into switching sets (video by codec family; audio by language,
 * name, characteristics, codec and channel count, so a commentary or
 * described-video track is never a bitrate variant of the main one), each track with its planned segments and the
 * bitrates measured on those segments.
 */
export function buildPresentation(index: SourceIndex, plan: SegmentPlan): Presentation {
  const sets = new Map<string, SwitchingSet>();
  index.tracks.forEach((t, i) => {
    const trackPlan = plan.tracks[i];
    const track = { ...t.track, peakBitsPerSecond: trackPlan.peakBitsPerSecond, averageBitsPerSecond: trackPlan.averageBitsPerSecond };
    const key =
      track.kind === 'video'
        ? `video|${track.config.codec}`
        : `${track.kind}|${track.language ?? ''}|${track.name ?? ''}|${t.rendition.characteristics ?? ''}|${track.config.codec}|${track.channels ?? ''}`;
    let set = sets.get(key);
    if (!set) {
      set = {
        id: String(sets.size + 1),
        kind: track.kind,
        language: track.language,
        name: track.name,
        isDefault: t.rendition.isDefault,
        autoselect: t.rendition.autoselect,
        characteristics: t.rendition.characteristics,
        forced: t.rendition.forced,
        tracks: [],
      };
      sets.set(key, set);
    }
    set.tracks.push({ track, segments: trackPlan.segments });
  });
  return { durationSeconds: index.durationSeconds, switchingSets: [...sets.values()] };
}
