import { MediaError } from '../errors/MediaError.ts';

const KIND_CODES: Record<string, number> = { v: 1, a: 2, t: 3, i: 4 };

/**
 * A 16-bit number per track id (`v1` -> 0x1001, `a2` -> 0x2002, `i1` ->
 * 0x4001), for `computeSegmentIv`. Trick-play tracks have codes of their
 * own: they hold only the key frames of their video track, so their counters
 * must not line up with the video track's.
 */
export function trackCodeOf(trackId: string): number {
  const match = /^([vati])([0-9]{1,3})$/.exec(trackId);
  if (!match) throw new MediaError('MALFORMED', `expected a track id like v1 or a2, found "${trackId}"`);
  return (KIND_CODES[match[1]] << 12) | Number(match[2]);
}
