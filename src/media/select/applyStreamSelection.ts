import type { Presentation, SwitchingSet, TrackTimeline } from '../model/Presentation.ts';
import type { StreamSelection } from './StreamSelection.ts';
import { selectionError } from './selectionError.ts';

/**
 * Applies a manifest's `streamSelection` (MediaPackage VOD `StreamSelection`)
 * to a presentation.
 *
 * - **Which bitrate.** A video track is kept when its *peak* bitrate
 *   (`Track.peakBitsPerSecond`, the highest bitrate over its planned output
 *   segments: what HLS `BANDWIDTH` (RFC 8216 4.3.4.2) and DASH
 *   `Representation@bandwidth` declare for the video alone) lies within
 *   `[minVideoBitsPerSecond, maxVideoBitsPerSecond]`, both inclusive. Audio
 *   is never compared or removed (MediaPackage: "only the video bitrate is
 *   compared"), and the audio share of HLS `BANDWIDTH` is not counted.
 * - **Order.** `ORIGINAL` keeps the presentation's order. The bitrate orders
 *   sort the tracks of each video switching set by peak bitrate (stable, so
 *   equal bitrates keep their original order), and the video switching sets
 *   among themselves by their lowest (ascending) or highest (descending)
 *   peak; audio and text sets keep their places.
 * - **Nothing left.** MediaPackage requires video ("audio-only is not
 *   supported"), so when the asset has video and the bounds exclude all of
 *   it this throws `STREAM_SELECTION_EMPTY` rather than describing an
 *   audio-only manifest. The mismatch is between the configuration and the
 *   asset, not the request: an origin answers it like an output that does
 *   not exist (404). An asset without video is returned unchanged.
 *
 * Video switching sets emptied by the bounds are dropped. Pure: the input is
 * not modified and unchanged parts are shared.
 */
export function applyStreamSelection(presentation: Presentation, selection: StreamSelection): Presentation {
  const min = selection.minVideoBitsPerSecond ?? 0;
  const max = selection.maxVideoBitsPerSecond ?? Number.POSITIVE_INFINITY;
  const order = selection.streamOrder ?? 'ORIGINAL';
  const hasVideo = presentation.switchingSets.some((set) => set.kind === 'video' && set.tracks.length > 0);
  if (!hasVideo) return presentation;

  const inBounds = (t: TrackTimeline) => t.track.peakBitsPerSecond >= min && t.track.peakBitsPerSecond <= max;
  const videoSets: SwitchingSet[] = [];
  for (const set of presentation.switchingSets) {
    if (set.kind !== 'video') continue;
    const kept = set.tracks.filter(inBounds);
    if (kept.length === 0) continue;
    if (order !== 'ORIGINAL') kept.sort((a, b) => compare(a.track.peakBitsPerSecond, b.track.peakBitsPerSecond, order));
    videoSets.push(kept.length === set.tracks.length && kept.every((t, i) => t === set.tracks[i]) ? set : { ...set, tracks: kept });
  }
  if (videoSets.length === 0) {
    const peaks = presentation.switchingSets
      .filter((set) => set.kind === 'video')
      .flatMap((set) => set.tracks.map((t) => `${t.track.id} ${t.track.peakBitsPerSecond}`));
    throw selectionError(
      'STREAM_SELECTION_EMPTY',
      `stream selection keeps video between ${min} and ${max} bits/s, but every video rendition is outside it (peak bits/s: ${peaks.join(', ')})`,
    );
  }
  if (order !== 'ORIGINAL') {
    const key = (set: SwitchingSet) => {
      const peaks = set.tracks.map((t) => t.track.peakBitsPerSecond);
      return order === 'VIDEO_BITRATE_ASCENDING' ? Math.min(...peaks) : Math.max(...peaks);
    };
    videoSets.sort((a, b) => compare(key(a), key(b), order));
  }

  // Sorted video sets fill the places video sets had; places of dropped sets are left out.
  const switchingSets: SwitchingSet[] = [];
  let next = 0;
  for (const set of presentation.switchingSets) {
    if (set.kind !== 'video') switchingSets.push(set);
    else if (next < videoSets.length) switchingSets.push(videoSets[next++]);
  }
  return { ...presentation, switchingSets };
}

function compare(a: number, b: number, order: 'VIDEO_BITRATE_ASCENDING' | 'VIDEO_BITRATE_DESCENDING'): number {
  return order === 'VIDEO_BITRATE_ASCENDING' ? a - b : b - a;
}
