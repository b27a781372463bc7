import { manifestPresentation } from './manifestPresentation.ts';
import { readSegmentCues } from './readSegmentCues.ts';
import { writeTtmlDocument } from '../media/ttml/writeTtmlDocument.ts';
import { writeSmoothFragment } from '../media/mss/writeSmoothFragment.ts';
import { KinoraError } from '../errors/KinoraError.ts';
import type { AssetRecord } from '../catalog/records.ts';
import type { Presentation } from '../media/model/Presentation.ts';
import { planSmoothStreams, type SmoothStream } from '../media/mss/planSmoothStreams.ts';
import { writeSmoothManifest } from '../media/mss/writeSmoothManifest.ts';
import { smoothRecipe } from '../packaging/smoothRecipe.ts';
import type { Recipe } from '../packaging/recipes.ts';
import { planEncryption, type EncryptionPlan } from '../packaging/planEncryption.ts';
import type { OutputSettings } from './outputOf.ts';
import type { RequestKind } from './requestKinds.ts';
import type { Packager } from './Packager.ts';

const YEAR = 365 * 24 * 3600;
const MANIFEST_MAX_AGE = 300;
const MANIFEST = '([A-Za-z0-9_-]{1,128})\\.ism';

/** Streams per planned presentation (the Packager keeps one Presentation per asset and duration). */
const streamsOf = new WeakMap<Presentation, SmoothStream[]>();

function smoothStreams(presentation: Presentation): SmoothStream[] {
  let streams = streamsOf.get(presentation);
  if (!streams) {
    streams = planSmoothStreams(presentation);
    streamsOf.set(presentation, streams);
  }
  return streams;
}

/** The configuration's manifest named `name` must exist: fragments live under `<name>.ism/` too. */
function requireManifest(output: OutputSettings, name: string, asset: AssetRecord): OutputSettings['manifests'][number] {
  const settings = output.manifests.find((m) => (m.manifestName ?? 'index') === name);
  if (!settings) throw new KinoraError('UNKNOWN_RESOURCE', `configuration has no manifest named "${name}" (asset ${asset.id})`, { subject: asset.id });
  return settings;
}

/**
 * A Smooth text fragment: one sample holding a TTML document with the cues
 * overlapping the fragment (times on the presentation timeline), lasting the
 * fragment's duration, with its tfxd like any other fragment.
 */
async function ttmlFragment(packager: Packager, asset: AssetRecord, output: OutputSettings, trackId: string, number: number, language: string | undefined): Promise<Uint8Array> {
  const { segment, cues } = await readSegmentCues(packager, asset, output.segmentDurationSeconds, trackId, number, output.clip);
  const data = new TextEncoder().encode(writeTtmlDocument(cues, { language }));
  return writeSmoothFragment({ sequenceNumber: number, fragmentAbsoluteTime: segment.startTime, samples: [{ decodeTime: segment.startTime, compositionOffset: 0, duration: segment.duration, isSync: true, data }] });
}

/**
 * The recipe of a Smooth fragment: PlayReady (PIFF) when the configuration
 * is encrypted, with a clip's shift back to source time (IVs come from
 * source times), else clear.
 */
async function smoothRecipeOf(packager: Packager, asset: AssetRecord, output: OutputSettings, encryption: EncryptionPlan | undefined): Promise<Recipe> {
  if (!encryption) return smoothRecipe;
  const offsets = output.clip ? (await packager.plan(asset, output.segmentDurationSeconds, output.clip)).offsets : undefined;
  return encryption.smoothRecipe({ timeOffsets: offsets });
}

/** The fragment of `stream` starting exactly at `time` (fragments are sorted by start time). */
function fragmentAt(stream: SmoothStream, time: number): number | undefined {
  let lo = 0;
  let hi = stream.fragments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const start = stream.fragments[mid].startTime;
    if (start === time) return stream.fragments[mid].number;
    if (start < time) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/**
 * Microsoft Smooth Streaming requests (MS-SSTR 2.2.1 Manifest Request, 2.2.3
 * Fragment Request), served by `mssPackage` configurations. As on IIS, the
 * manifest is `<name>.ism/Manifest` and fragments are relative to it:
 * `<name>.ism/QualityLevels(<bitrate>)/Fragments(<stream name>=<start time>)`.
 * The start time is matched exactly against the stream's `<c t>` list (as
 * the DASH `$Time$` kind does) and mapped to the segment number the Packager
 * packages; an unknown stream or bitrate is 404 TRACK_NOT_FOUND, an unknown
 * time 404 SEGMENT_OUT_OF_RANGE. An encrypted configuration (`mssPackage.encryption`)
 * is PlayReady: a `Protection` header in the manifest and PIFF-encrypted
 * video and audio fragments (text stays clear), or an error, never clear media.
 */
export const smoothRequestKinds: readonly RequestKind[] = [
  {
    name: 'smoothManifest',
    pattern: new RegExp(`^${MANIFEST}/Manifest$`),
    formats: ['mss'],
    memoize: true,
    filterable: true,
    async answer({ packager, asset, configuration, output, match, manifestFilter, keys }) {
      const settings = requireManifest(output, match[1], asset);
      // PlayReady (PIFF): the manifest carries the PlayReady header; no key, no manifest.
      const encryption = await planEncryption({ keys, asset, configuration, encryption: output.encryption });
      const { presentation } = await packager.plan(asset, output.segmentDurationSeconds, output.clip);
      // Fragments are addressed through the unfiltered streams, so the filtered manifest keeps their names and bitrates.
      const all = smoothStreams(presentation);
      const kept = new Set(manifestPresentation(presentation, output, settings, manifestFilter).switchingSets.flatMap((set) => set.tracks.map((t) => t.track.id)));
      const streams = all
        .map((stream) => ({ ...stream, qualityLevels: stream.qualityLevels.filter((level) => kept.has(level.timeline.track.id)).map((level, index) => ({ ...level, index })) }))
        .filter((stream) => stream.qualityLevels.length > 0);
      const body = writeSmoothManifest(presentation, { streams, protection: encryption?.smoothProtection() });
      return { body, contentType: 'application/vnd.ms-sstr+xml', maxAgeSeconds: MANIFEST_MAX_AGE, ranges: false };
    },
  },
  {
    name: 'smoothFragment',
    pattern: new RegExp(`^${MANIFEST}/QualityLevels\\(([0-9]{1,10})\\)/Fragments\\(([A-Za-z0-9_-]{1,64})=([0-9]{1,15})\\)$`),
    formats: ['mss'],
    memoize: false,
    async answer({ packager, asset, configuration, output, match, cacheKey, keys }) {
      requireManifest(output, match[1], asset);
      const encryption = await planEncryption({ keys, asset, configuration, encryption: output.encryption });
      const [bitrate, name, time] = [Number(match[2]), match[3], Number(match[4])];
      const subject = `${asset.id}/${name}/${bitrate}/${time}`;
      const { presentation } = await packager.plan(asset, output.segmentDurationSeconds, output.clip);
      const stream = smoothStreams(presentation).find((s) => s.name === name);
      if (!stream) throw new KinoraError('TRACK_NOT_FOUND', `asset ${asset.id} has no Smooth stream named "${name}"`, { subject });
      const level = stream.qualityLevels.find((l) => l.bitrate === bitrate);
      if (!level) {
        throw new KinoraError('TRACK_NOT_FOUND', `asset ${asset.id} stream "${name}" has quality levels ${stream.qualityLevels.map((l) => l.bitrate).join(', ')}, not ${bitrate}`, { subject });
      }
      const number = fragmentAt(stream, time);
      if (number === undefined) throw new KinoraError('SEGMENT_OUT_OF_RANGE', `asset ${asset.id} stream "${name}" has no fragment starting at ${time}`, { subject });
      const trackId = level.timeline.track.id;
      const body =
        stream.kind === 'text'
          ? await packager.cached(cacheKey, () => ttmlFragment(packager, asset, output, trackId, number, stream.set.language ?? level.timeline.track.language))
          : await packager.segment(asset, output.segmentDurationSeconds, trackId, number, await smoothRecipeOf(packager, asset, output, encryption), cacheKey, output.clip);
      return { body, contentType: stream.kind === 'audio' ? 'audio/mp4' : stream.kind === 'text' ? 'application/mp4' : 'video/mp4', maxAgeSeconds: YEAR, ranges: true };
    },
  },
];
