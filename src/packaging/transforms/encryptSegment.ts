import { encryptSamples } from '../../media/cenc/encryptSamples.ts';
import { planTrackProtection } from '../../media/cenc/planTrackProtection.ts';
import { trackCodeOf } from '../../media/cenc/trackCodeOf.ts';
import type { FragmentEncryption } from '../FragmentEncryption.ts';
import type { MediaSegment } from '../SegmentRequest.ts';

/**
 * The encryption stage of an fMP4 recipe (shaka-packager's model: a stage
 * between demux and mux): encrypts a video or audio segment's samples and
 * attaches their `senc` entries for the writer. Text passes through clear.
 */
export function encryptSegment(e: FragmentEncryption): (segment: MediaSegment) => MediaSegment {
  return (segment) => {
    const { track } = segment;
    if (track.kind === 'text') return segment;
    const protection = planTrackProtection({ scheme: e.scheme, kind: track.kind, kid: e.kid, constantIv: e.constantIv });
    const { samples, entries } = encryptSamples(segment.samples, {
      config: track.config,
      protection,
      key: e.key,
      cipher: e.cipher,
      trackCode: trackCodeOf(track.id),
      timeOffset: e.timeOffsets?.get(track.id) ?? 0,
    });
    return { ...segment, samples, encryption: entries };
  };
}
