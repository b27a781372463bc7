import type { Presentation, SwitchingSet, TrackTimeline } from '../model/Presentation.ts';
import type { Track } from '../model/Track.ts';
import type { ManifestFilter, NumberRange } from './ManifestFilter.ts';
import { codecFamilyOf } from './codecFamilyOf.ts';
import { selectionError } from './selectionError.ts';
import { videoDynamicRangeOf, type VideoDynamicRange } from './videoDynamicRangeOf.ts';

/**
 * Keeps the tracks of a presentation that pass a manifest filter
 * (`readManifestFilter`; MediaPackage user guide, "Manifest filtering").
 * Apply it after the configuration's stream selection, as MediaPackage does.
 *
 * Each parameter constrains one kind of track and ignores the others; a
 * track is kept when every parameter of its kind has a value that matches
 * (the comma list is an OR, parameters combine with AND):
 *
 * | parameter | compared with |
 * | --- | --- |
 * | `video_bitrate`, `audio_bitrate` | `Track.peakBitsPerSecond`, the rate HLS `BANDWIDTH` / DASH `@bandwidth` declare for that track alone (no audio share in a video's rate) |
 * | `video_height` | `Track.height` (after cropping) |
 * | `video_framerate` | `Track.frameRate` rounded to 3 decimals (29.97002997 -> 29.970), so `29.97` and `23.976` match NTSC rates |
 * | `video_codec`, `audio_codec` | `codecFamilyOf(Track.codecString)`: `h264`, `h265`, `av1`, `aacl`, `aach`, `ac-3`, `ec-3` |
 * | `video_dynamic_range` | `options.dynamicRangeOf(track)`, default `videoDynamicRangeOf` (`dv` or `sdr`) |
 * | `audio_channels`, `audio_sample_rate` | `Track.channels`, `Track.sampleRate` |
 * | `audio_language`, `subtitle_language` | the track's language, else its switching set's, whole and case-insensitive (`en` does not match `en-US`) |
 *
 * A track without the compared value (no frame rate, no language) does not
 * match a filter on it. `trickplay_*` constrain no track of the model (see
 * `filterAllowsTrickPlay`). Switching sets left empty are dropped; the
 * others keep their ids and fields.
 *
 * What may remain (MediaPackage's error table): subtitles alone are allowed
 * (200). Otherwise, if the presentation had video and the filter leaves none,
 * or leaves nothing at all, this throws `MANIFEST_FILTER_EMPTY` (400): with
 * no video an HLS multivariant playlist has no variant to describe.
 */
export function applyManifestFilter(
  presentation: Presentation,
  filter: ManifestFilter,
  options: { dynamicRangeOf?: (track: Track) => VideoDynamicRange } = {},
): Presentation {
  const dynamicRangeOf = options.dynamicRangeOf ?? videoDynamicRangeOf;
  const keep = (timeline: TrackTimeline, set: SwitchingSet): boolean => {
    const { track } = timeline;
    const language = track.language ?? set.language;
    switch (set.kind) {
      case 'video':
        return (
          inRanges(filter.video_bitrate, track.peakBitsPerSecond) &&
          inRanges(filter.video_height, track.height) &&
          inMilliRanges(filter.video_framerate, track.frameRate) &&
          oneOf(filter.video_codec, codecFamilyOf(track.codecString)) &&
          oneOf(filter.video_dynamic_range, dynamicRangeOf(track))
        );
      case 'audio':
        return (
          inRanges(filter.audio_bitrate, track.peakBitsPerSecond) &&
          inRanges(filter.audio_channels, track.channels) &&
          inRanges(filter.audio_sample_rate, track.sampleRate) &&
          oneOf(filter.audio_codec, codecFamilyOf(track.codecString)) &&
          oneOf(filter.audio_language, language?.toLowerCase())
        );
      case 'text':
        return oneOf(filter.subtitle_language, language?.toLowerCase());
    }
  };

  const switchingSets: SwitchingSet[] = [];
  for (const set of presentation.switchingSets) {
    const tracks = set.tracks.filter((timeline) => keep(timeline, set));
    if (tracks.length === set.tracks.length) switchingSets.push(set);
    else if (tracks.length > 0) switchingSets.push({ ...set, tracks });
  }

  const has = (sets: readonly SwitchingSet[], kind: SwitchingSet['kind']) => sets.some((s) => s.kind === kind && s.tracks.length > 0);
  const video = has(switchingSets, 'video');
  const audio = has(switchingSets, 'audio');
  if (!video && !audio && has(switchingSets, 'text')) return { ...presentation, switchingSets };
  if (!video && has(presentation.switchingSets, 'video')) {
    throw selectionError('MANIFEST_FILTER_EMPTY', 'the manifest filter leaves no video stream (only subtitles alone may remain)');
  }
  if (!video && !audio) throw selectionError('MANIFEST_FILTER_EMPTY', 'the manifest filter leaves no stream');
  return { ...presentation, switchingSets };
}

function inRanges(ranges: readonly NumberRange[] | undefined, value: number | undefined): boolean {
  if (ranges === undefined) return true;
  if (value === undefined) return false;
  return ranges.some((r) => value >= r.min && value <= r.max);
}

/** Compares in thousandths, the precision `video_framerate` accepts, so float noise cannot decide. */
function inMilliRanges(ranges: readonly NumberRange[] | undefined, value: number | undefined): boolean {
  if (ranges === undefined) return true;
  if (value === undefined) return false;
  const milli = Math.round(value * 1000);
  return ranges.some((r) => milli >= Math.round(r.min * 1000) && milli <= Math.round(r.max * 1000));
}

function oneOf(values: readonly string[] | undefined, value: string | undefined): boolean {
  if (values === undefined) return true;
  return value !== undefined && values.includes(value);
}
