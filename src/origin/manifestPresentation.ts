import type { Presentation } from '../media/model/Presentation.ts';
import type { StreamSelection } from '../catalog/records.ts';
import { inBandCodecString } from '../media/codecs/inBandCodecString.ts';
import { applyStreamSelection } from '../media/select/applyStreamSelection.ts';
import { applyManifestFilter } from '../media/select/applyManifestFilter.ts';
import { readManifestFilter } from '../media/select/readManifestFilter.ts';
import type { OutputSettings } from './outputOf.ts';

/**
 * The presentation a manifest describes, derived from the asset's planned
 * presentation in MediaPackage's order: the manifest's `streamSelection`,
 * then the request's `aws.manifestfilter` ("applied after the
 * configuration's stream selection"), then codec strings for in-band
 * parameter sets. Pure; the origin memoises the answer per filter value.
 */
export function manifestPresentation(
  presentation: Presentation,
  output: OutputSettings,
  settings: { streamSelection?: StreamSelection } = {},
  manifestFilter: readonly string[] = [],
): Presentation {
  let p = presentation;
  if (settings.streamSelection) p = applyStreamSelection(p, settings.streamSelection);
  if (manifestFilter.length > 0) p = applyManifestFilter(p, readManifestFilter(manifestFilter));
  if (!output.parameterSetsInBand || output.format === 'hls') return p;
  return {
    ...p,
    switchingSets: p.switchingSets.map((set) => ({
      ...set,
      tracks: set.tracks.map((t) => ({ ...t, track: { ...t.track, codecString: inBandCodecString(t.track.codecString) } })),
    })),
  };
}
