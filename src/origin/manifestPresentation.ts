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
  if (output.format === 'hls') return withTransportStreamOverhead(p);
  if (!output.parameterSetsInBand) return p;
  return {
    ...p,
    switchingSets: p.switchingSets.map((set) => ({
      ...set,
      tracks: set.tracks.map((t) => ({ ...t, track: { ...t.track, codecString: inBandCodecString(t.track.codecString) } })),
    })),
  };
}

/**
 * HLS `BANDWIDTH` must bound the segments' real bit rate (RFC 8216 4.3.4.2),
 * and MPEG-TS adds to the payload: 4 of every 188 bytes are packet headers,
 * and each PES adds its header, an AUD and parameter sets (video), the
 * adaptation field with the PCR, and on average half a packet of stuffing.
 * Estimated per track from its frame rate (video: one PES per frame; audio:
 * one PES per ~2.9 KB, as the writer groups ADTS frames), never below the payload.
 */
function withTransportStreamOverhead(p: Presentation): Presentation {
  const scale = (bits: number, pesPerSecond: number, perPesBytes: number) => Math.ceil(bits * (188 / 184) + pesPerSecond * perPesBytes * 8);
  return {
    ...p,
    switchingSets: p.switchingSets.map((set) => ({
      ...set,
      tracks: set.tracks.map((t) => {
        const { track } = t;
        if (track.kind === 'text') return t;
        const video = track.kind === 'video';
        const perPes = video ? 19 + 6 + 8 + 94 + 64 : 14 + 7 * 3 + 94;
        const pesOf = (bits: number) => (video ? (track.frameRate ?? 30) : Math.max(1, bits / 8 / 2900));
        return {
          ...t,
          track: {
            ...track,
            peakBitsPerSecond: scale(track.peakBitsPerSecond, pesOf(track.peakBitsPerSecond), perPes),
            averageBitsPerSecond: scale(track.averageBitsPerSecond, pesOf(track.averageBitsPerSecond), perPes),
          },
        };
      }),
    })),
  };
}
