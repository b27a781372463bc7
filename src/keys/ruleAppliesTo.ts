import type { Track } from '../media/model/Track.ts';
import type { KeyUsageRule } from './KeyUsageRule.ts';

/**
 * True when `rule` covers `track`: a video track by its pixel count
 * (width x height; an unknown size counts as 0, the smallest key), an audio
 * track by its channel count (2 when unknown). Text is never covered:
 * subtitles stay clear, as in MediaPackage. Trick-mode tracks have their
 * video track's size, so they share its key ("encrypts I-frame only
 * trickplay tracks with the key corresponding to their resolution").
 */
export function ruleAppliesTo(rule: KeyUsageRule, track: Pick<Track, 'kind' | 'width' | 'height' | 'channels'>): boolean {
  if (track.kind === 'video' && rule.video) {
    const pixels = (track.width ?? 0) * (track.height ?? 0);
    return pixels >= (rule.video.minPixels ?? 0) && pixels <= (rule.video.maxPixels ?? Infinity);
  }
  if (track.kind === 'audio' && rule.audio) {
    const channels = track.channels ?? 2;
    return channels >= (rule.audio.minChannels ?? 0) && channels <= (rule.audio.maxChannels ?? Infinity);
  }
  return false;
}
