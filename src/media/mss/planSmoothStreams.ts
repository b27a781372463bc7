import { MediaError } from '../errors/MediaError.ts';
import type { Presentation, SegmentTiming, SwitchingSet, TrackTimeline } from '../model/Presentation.ts';

/** One `QualityLevel` of a Smooth stream: a track and the bitrate that addresses its fragments. */
export interface SmoothQualityLevel {
  /** `QualityLevel@Index`, 0-based within the stream. */
  index: number;
  /** `QualityLevel@Bitrate`, unique within the stream: it is the `{bitrate}` of fragment URLs. */
  bitrate: number;
  timeline: TrackTimeline;
}

/** One `StreamIndex`: quality levels that share one fragment timeline. */
export interface SmoothStream {
  /** `StreamIndex@Name`, unique in the manifest: the `Fragments(<name>=...)` of fragment URLs. */
  name: string;
  kind: 'video' | 'audio' | 'text';
  set: SwitchingSet;
  /** `StreamIndex@TimeScale`: the tracks' own timescale. */
  timescale: number;
  /** The `<c t d>` list, shared by every quality level. */
  fragments: SegmentTiming[];
  qualityLevels: SmoothQualityLevel[];
}

/**
 * How a presentation maps onto Smooth Streaming's model (MS-SSTR 2.2.2.3
 * StreamElement, 2.2.2.5 TrackElement), shared by the manifest writer and
 * the origin's fragment lookup so both name things alike:
 *
 * - One stream per video, audio and text switching set (text: WebVTT cues
 *   served as TTML documents, FourCC `TTML`). A StreamIndex has a single `<c>` list, so tracks of a set whose
 *   timescale or segment timings differ from the set's first track go to a
 *   stream of their own (TS sources never need that: their renditions share
 *   90 kHz and keyframe-aligned boundaries).
 * - Names: `video`, `audio` and `text` for the first stream of each kind,
 *   then `video_2`, `audio_2`, ... in presentation order.
 * - AC-3 tracks are left out: MS-SSTR defines no FourCC or CodecPrivateData
 *   for AC-3 (E-AC-3 and AAC it has), so Smooth offers the asset's other
 *   audio. An asset whose only audio is AC-3 is refused (UNSUPPORTED, naming
 *   the track) rather than served silent.
 * - Bitrate: the track's peak rate rounded up (as the MPD's `@bandwidth`),
 *   raised by 1 bit/s while another level of the stream already has it,
 *   because `QualityLevels(<bitrate>)` is the only thing in a fragment URL
 *   that tells the levels apart (MS-SSTR 2.2.3 FragmentRequest).
 */
export function planSmoothStreams(presentation: Presentation): SmoothStream[] {
  const streams: SmoothStream[] = [];
  const counts = { video: 0, audio: 0, text: 0 };
  const audio = presentation.switchingSets.filter((set) => set.kind === 'audio').flatMap((set) => set.tracks);
  if (audio.length > 0 && audio.every(isAc3)) {
    throw new MediaError('UNSUPPORTED', `track ${audio[0].track.id}: Smooth Streaming cannot carry AC-3 (MS-SSTR defines no AC-3 FourCC or CodecPrivateData), and the asset has no other audio; play it over DASH or HLS`, { subject: audio[0].track.id });
  }
  for (const set of presentation.switchingSets) {
    const carried = set.tracks.filter((timeline) => !isAc3(timeline));
    if (carried.length === 0) continue;
    const kind = set.kind;
    const groups: TrackTimeline[][] = [];
    for (const timeline of carried) {
      const group = groups.find((g) => sameTimeline(g[0], timeline));
      if (group) group.push(timeline);
      else groups.push([timeline]);
    }
    for (const group of groups) {
      counts[kind] += 1;
      const taken = new Set<number>();
      const qualityLevels = group.map((timeline, index) => {
        let bitrate = Math.max(1, Math.ceil(timeline.track.peakBitsPerSecond));
        while (taken.has(bitrate)) bitrate += 1;
        taken.add(bitrate);
        return { index, bitrate, timeline };
      });
      streams.push({
        name: counts[kind] === 1 ? kind : `${kind}_${counts[kind]}`,
        kind,
        set,
        timescale: group[0].track.timescale,
        fragments: group[0].segments,
        qualityLevels,
      });
    }
  }
  return streams;
}

function isAc3(timeline: TrackTimeline): boolean {
  return timeline.track.kind === 'audio' && timeline.track.config.codec === 'ac3';
}

function sameTimeline(a: TrackTimeline, b: TrackTimeline): boolean {
  if (a.track.timescale !== b.track.timescale || a.segments.length !== b.segments.length) return false;
  return a.segments.every((s, i) => s.startTime === b.segments[i].startTime && s.duration === b.segments[i].duration);
}
