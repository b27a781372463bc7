import { encryptSamples } from '../../media/cenc/encryptSamples.ts';
import { planTrackProtection } from '../../media/cenc/planTrackProtection.ts';
import { trackCodeOf } from '../../media/cenc/trackCodeOf.ts';
import type { FragmentEncryption } from '../FragmentEncryption.ts';
import type { MediaSegment } from '../SegmentRequest.ts';

/**
 * The encryption stage of an fMP4 or Smooth recipe (shaka-packager's model:
 * a stage between demux and mux): encrypts a video or audio segment's
 * samples with the track's key and attaches their sample encryption entries
 * for the writer. Text, and tracks the encryption contract leaves clear,
 * pass through.
 */
export function encryptSegment(e: FragmentEncryption): (segment: MediaSegment) => MediaSegment {
  return (segment) => {
    const { track } = segment;
    if (track.kind === 'text') return segment;
    const trackKey = e.keyOf(track);
    if (!trackKey) return segment;
    const protection = planTrackProtection({ scheme: e.scheme, kind: track.kind, kid: trackKey.kid, constantIv: e.constantIv, perSampleIvSize: e.perSampleIvSize });
    const { samples, entries } = encryptSamples(segment.samples, {
      config: track.config,
      protection,
      key: trackKey.key,
      cipher: e.cipher,
      trackCode: trackCodeOf(track.id),
      timeOffset: e.timeOffsets?.get(track.id) ?? 0,
    });
    return { ...segment, samples, encryption: entries };
  };
}
