import type { Presentation } from '../media/model/Presentation.ts';
import { inBandCodecString } from '../media/codecs/inBandCodecString.ts';
import type { OutputSettings } from './outputOf.ts';

/**
 * The presentation a manifest describes, derived from the asset's planned
 * presentation by the configuration's settings. Pure, and memoised per
 * request kind by the origin.
 */
export function manifestPresentation(presentation: Presentation, output: OutputSettings): Presentation {
  if (!output.parameterSetsInBand || output.format === 'hls') return presentation;
  return {
    ...presentation,
    switchingSets: presentation.switchingSets.map((set) => ({
      ...set,
      tracks: set.tracks.map((t) => ({ ...t, track: { ...t.track, codecString: inBandCodecString(t.track.codecString) } })),
    })),
  };
}
