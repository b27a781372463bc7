import { KinoraError } from '../errors/KinoraError.ts';
import type { AssetRecord, DashManifestSettings, HlsManifestSettings, PackagingConfigurationRecord } from '../catalog/records.ts';
import { writeMultivariantPlaylist } from '../media/hls/writeMultivariantPlaylist.ts';
import { writeMediaPlaylist } from '../media/hls/writeMediaPlaylist.ts';
import { writeIframePlaylist, type IframeEntry } from '../media/hls/writeIframePlaylist.ts';
import type { TransportStreamSegment } from '../media/mp2t/TransportStreamSegment.ts';
import type { SourceIndex } from '../media/index/SourceIndex.ts';
import type { SegmentPlan } from '../media/plan/SegmentPlan.ts';
import type { Presentation } from '../media/model/Presentation.ts';
import { writeMpd } from '../media/dash/writeMpd.ts';
import { fmp4InBandRecipe, fmp4Recipe, type Recipe } from '../packaging/recipes.ts';
import { manifestPresentation } from './manifestPresentation.ts';
import { readSegmentCues } from './readSegmentCues.ts';
import { writeWebVtt } from '../media/webvtt/writeWebVtt.ts';
import { writeWebVttSamples } from '../media/webvtt/writeWebVttSamples.ts';
import { writeMediaSegment } from '../media/isobmff/writeMediaSegment.ts';
import { writeTransportStreamSegment } from '../media/mp2t/writeTransportStreamSegment.ts';
import { computeDecodeDelay } from '../media/mp2t/computeDecodeDelay.ts';
import { defaultTsTimeOffset90k } from '../media/mp2t/defaultTsTimeOffset90k.ts';
import { SAMPLE_SYNC, type SampleTable } from '../media/index/SampleTable.ts';
import type { Packager } from './Packager.ts';
import { outputOf, type OutputSettings } from './outputOf.ts';
import { smoothRequestKinds } from './smoothRequestKinds.ts';
import { keyRequestKinds } from './keyRequestKinds.ts';
import type { ContentKeys } from '../keys/ContentKeys.ts';
import { planEncryption, type EncryptionPlan } from '../packaging/planEncryption.ts';
import type { DashContentProtection } from '../media/cenc/DashContentProtection.ts';
import type { Track } from '../media/model/Track.ts';
import { planHlsAdMarkers, type HlsAdMarkers } from '../media/hls/planHlsAdMarkers.ts';
import { planScte35EventStream } from '../media/dash/planScte35EventStream.ts';

/** What a request kind's handler gets. */
export interface RequestContext {
  packager: Packager;
  asset: AssetRecord;
  configuration: PackagingConfigurationRecord;
  output: OutputSettings;
  match: RegExpExecArray;
  /** Stable identity of the response bytes, for the segment cache and the ETag. */
  cacheKey: string;
  /** Values of `aws.manifestfilter` in the query (only `filterable` kinds get any). */
  manifestFilter: readonly string[];
  /** Content keys for encrypted configurations. */
  keys?: ContentKeys;
  /** The whole query (key tokens). */
  query?: URLSearchParams;
  /** The absolute URL requested, as the client sent it (absolute license URLs in MPDs). */
  requestUrl?: string;
  /** The body of a POST. */
  body?: Uint8Array;
}

export interface Answer {
  body: string | Uint8Array;
  contentType: string;
  /** Seconds a CDN may keep the response. */
  maxAgeSeconds: number;
  /** Byte ranges are honoured (segments), or not (manifests, which may be compressed). */
  ranges: boolean;
  /** Made for this request (fresh key tokens, the request's host): never memoised, sent without an ETag. */
  perRequest?: boolean;
  /** Replaces the `public, max-age` Cache-Control (keys: `private, no-store`). */
  cacheControl?: string;
}

export interface RequestKind {
  name: string;
  /** Matched against the path after `/out/v1/<group>/<config>/<asset>/`. */
  pattern: RegExp;
  /** Package types that serve this kind. */
  formats: readonly OutputSettings['format'][];
  /** Small answers (manifests, init segments) kept whole in memory; segments have the Packager's byte-bounded cache. */
  memoize: boolean;
  /** A manifest: `aws.manifestfilter` applies (on any other kind it is a 400). */
  filterable?: boolean;
  /** `POST` kinds take a body (ClearKey licenses); default `GET` (and HEAD). */
  method?: 'GET' | 'POST';
  answer(ctx: RequestContext): Promise<Answer>;
}

const TRACK = '([vati][0-9]{1,3})';
/**
 * HLS-TS video track `vN` with audio track `aM` muxed in, for every audio track
 * but the first, which `vN` itself carries (so its URLs and bytes predate the
 * pairs). The `-` keeps it apart from every track id and manifest name.
 */
const MUXED_PAIR = '(v[0-9]{1,3})-(a[0-9]{1,3})';
const YEAR = 365 * 24 * 3600;
const MANIFEST_MAX_AGE = 300;

/**
 * Every request the origin answers, in one table (nginx-vod-module style):
 * its URL shape, the package types that serve it, and who answers.
 * Child paths are relative to the manifest, and shared by all manifests of a
 * configuration so a CDN caches each segment once.
 */
export const requestKinds: readonly RequestKind[] = [
  {
    name: 'hlsMultivariant',
    pattern: /^([A-Za-z0-9_-]{1,128})\.m3u8$/,
    formats: ['cmaf', 'hls'],
    memoize: true,
    filterable: true,
    async answer({ packager, asset, configuration, output, match, manifestFilter, keys }) {
      const settings = manifestSettings(output, match[1], asset) as HlsManifestSettings;
      const encryption = await planEncryption({ keys, asset, configuration, encryption: output.encryption });
      const { presentation, index, plan } = await packager.plan(asset, output.segmentDurationSeconds, output.clip);
      // Media playlists are shared by the manifests of a configuration unless a
      // manifest's own settings change them (program date-time, repeatExtXKey, ad markers): then they carry its name.
      const ownPlaylists = settings.programDateTimeIntervalSeconds || (encryption && settings.repeatExtXKey) || adMarkersOf(settings);
      const playlist = ownPlaylists ? `media-${match[1]}.m3u8` : 'media.m3u8';
      const ts = output.format === 'hls';
      const described = manifestPresentation(presentation, output, settings, manifestFilter);
      const first = firstAudioOf(presentation);
      const body = writeMultivariantPlaylist(described, {
        // No I-frame playlist for HLS-TS AES-128: a byte range of a whole-segment CBC stream cannot be decrypted alone.
        iframeStreams: settings.includeIframeOnlyStream && encryption?.method !== 'aes-128' ? iframeStream(index, plan, described) : undefined,
        sessionKeys: encryption?.sessionKeys(),
        // Muxed audio: `vN/` carries the first audio track of the asset (even when a filter left it out), `vN-aM/` any other.
        mediaPlaylistUri: (id, audio) => (audio === undefined || audio === first ? `${id}/${playlist}` : `${id}-${audio}/${playlist}`),
        // HLS-TS: version 3 (decimal EXTINF, no EXT-X-MAP); audio muxed into the video segments unless in rendition groups.
        version: ts ? 3 : undefined,
        muxedAudio: ts && !output.useAudioRenditionGroup,
      });
      return { body, contentType: 'application/vnd.apple.mpegurl', maxAgeSeconds: MANIFEST_MAX_AGE, ranges: false };
    },
  },
  {
    name: 'dashManifest',
    pattern: /^([A-Za-z0-9_-]{1,128})\.mpd$/,
    formats: ['dash'],
    memoize: true,
    filterable: true,
    async answer({ packager, asset, configuration, output, match, manifestFilter, keys, requestUrl }) {
      const settings = manifestSettings(output, match[1], asset);
      const encryption = await planEncryption({ keys, asset, configuration, encryption: output.encryption });
      const { presentation, plan, index } = await packager.plan(asset, output.segmentDurationSeconds, output.clip);
      const byTime = output.segmentTemplateFormat === 'TIME_WITH_TIMELINE';
      // With $Number$ and a fixed duration, players derive the segment count as
      // ceil(duration / segment duration); a few ms of media past the last full
      // multiple (audio outlasting video, say) would make them ask for one segment
      // too many, so the declared duration stops at the last segment's nominal end.
      const described = manifestPresentation(presentation, output, settings, manifestFilter);
      const declared =
        output.segmentTemplateFormat === 'NUMBER_WITH_DURATION'
          ? { ...described, durationSeconds: Math.min(described.durationSeconds, Math.max(...plan.tracks.map((t) => t.segments.length)) * plan.nominalSeconds) }
          : described;
      const body = writeMpd(declared, {
        segmentTemplateFormat: output.segmentTemplateFormat,
        minBufferTimeSeconds: settings.minBufferTimeSeconds,
        manifestLayout: settings.manifestLayout,
        profiles: settings.profile === 'HBBTV_1_5' ? HBBTV_PROFILES : undefined,
        initializationTemplate: '$RepresentationID$/init.mp4',
        mediaTemplate: byTime ? '$RepresentationID$/t$Time$.m4s' : '$RepresentationID$/$Number$.m4s',
        segmentDurationSeconds: plan.nominalSeconds,
        trickMode: output.includeIframeOnlyStream ? trickModeOf(index, plan, described) : undefined,
        // A clip is one programme excerpt on its own timeline: one Period.
        periodStartsSeconds: output.clip ? undefined : (index.breaks ?? []).filter((b) => b.kind === 'discontinuity' || output.periodsAtAds).map((b) => b.startSeconds),
        contentProtection: encryption && contentProtectionOf(encryption, licenseUrlOf(encryption, keys, requestUrl)),
        // SCTE-35 from the source playlists' ad breaks (`scteMarkersSource: MANIFEST`); none in a clip, whose timeline is not the source's.
        eventStream: !output.clip && (settings as DashManifestSettings).scteMarkersSource === 'MANIFEST' ? planScte35EventStream(index.breaks ?? [], declared.durationSeconds) : undefined,
      });
      // The license URL carries a fresh token and the request's host: made per request.
      return { body, contentType: 'application/dash+xml', maxAgeSeconds: MANIFEST_MAX_AGE, ranges: false, perRequest: encryption !== undefined };
    },
  },
  {
    name: 'hlsMediaPlaylist',
    pattern: new RegExp(`^${TRACK}/media(?:-([A-Za-z0-9_-]{1,128}))?\\.m3u8$`),
    formats: ['cmaf', 'hls'],
    memoize: true,
    answer: (ctx) => mediaPlaylist(ctx, ctx.match[1], ctx.match[2]),
  },
  {
    name: 'hlsMuxedMediaPlaylist',
    pattern: new RegExp(`^${MUXED_PAIR}/media(?:-([A-Za-z0-9_-]{1,128}))?\\.m3u8$`),
    formats: ['hls'],
    memoize: true,
    answer: (ctx) => mediaPlaylist(ctx, ctx.match[1], ctx.match[3], ctx.match[2]),
  },
  {
    name: 'hlsIframePlaylist',
    pattern: /^(v[0-9]{1,3})\/iframes\.m3u8$/,
    formats: ['cmaf', 'hls'],
    memoize: true,
    async answer({ packager, asset, configuration, output, match, keys, cacheKey }) {
      const encryption = await planEncryption({ keys, asset, configuration, encryption: output.encryption });
      if (encryption?.method === 'aes-128') {
        throw new KinoraError('FORMAT_NOT_SUPPORTED', `configuration ${configuration.id} encrypts whole HLS-TS segments with AES-128, so a byte range of one cannot be decrypted alone: it has no I-frame playlist (SAMPLE_AES has)`, { subject: asset.id });
      }
      const { track, entries } = await iframeEntries(packager, asset, configuration, output, match[1], encryption, keys, cacheKey);
      // The same EXT-X-KEY as the track's media playlist (key URIs next to the manifest carry fresh tokens).
      const tags = encryption ? encryption.hlsKeys(track, (kidHex) => `../${keyUriOf(kidHex, keys)}`) : [];
      const body = writeIframePlaylist(entries, { initUri: output.format === 'cmaf' ? 'init.mp4' : undefined, keys: tags });
      return { body, contentType: 'application/vnd.apple.mpegurl', maxAgeSeconds: MANIFEST_MAX_AGE, ranges: false, perRequest: tags.length > 0 };
    },
  },
  {
    name: 'tsSegment',
    pattern: /^([va][0-9]{1,3})\/([0-9]{1,9})\.ts$/,
    formats: ['hls'],
    memoize: false,
    answer: (ctx) => tsSegment(ctx, ctx.match[1], Number(ctx.match[2])),
  },
  {
    name: 'tsMuxedSegment',
    pattern: new RegExp(`^${MUXED_PAIR}/([0-9]{1,9})\\.ts$`),
    formats: ['hls'],
    memoize: false,
    answer: (ctx) => tsSegment(ctx, ctx.match[1], Number(ctx.match[3]), ctx.match[2]),
  },
  {
    name: 'webvttSegment',
    pattern: /^(t[0-9]{1,3})\/([0-9]{1,9})\.vtt$/,
    formats: ['cmaf', 'hls'],
    memoize: true,
    async answer({ packager, asset, output, match }) {
      const { cues } = await readSegmentCues(packager, asset, output.segmentDurationSeconds, match[1], Number(match[2]), output.clip);
      // Cue times are relative to the segment's own MPEG-2 time: the output timeline in 90 kHz (plus the TS offset for HLS-TS).
      const body = writeWebVtt(cues, { mpegts90k: TEXT_MPEGTS_BASE[output.format] ?? 0 });
      return { body, contentType: 'text/vtt; charset=utf-8', maxAgeSeconds: YEAR, ranges: false };
    },
  },
  {
    name: 'init',
    pattern: new RegExp(`^${TRACK}/init\\.mp4$`),
    formats: ['cmaf', 'dash'],
    memoize: true,
    async answer({ packager, asset, configuration, output, match, keys }) {
      const encryption = await planEncryption({ keys, asset, configuration, encryption: output.encryption });
      const { index } = await packager.load(asset);
      const { track } = packager.track(index, mainTrackOf(match[1]), asset);
      return { body: fmp4RecipeOf(output, encryption).init(track.track), contentType: mp4Type(track.track.kind), maxAgeSeconds: YEAR, ranges: true };
    },
  },
  {
    name: 'segment',
    pattern: new RegExp(`^${TRACK}/([0-9]{1,9})\\.m4s$`),
    formats: ['cmaf', 'dash'],
    memoize: false,
    async answer({ packager, asset, configuration, output, match, cacheKey, keys }) {
      const recipe = await segmentRecipeOf(packager, asset, configuration, output, match[1], keys);
      const body = match[1].startsWith('t')
        ? await textSegment(packager, asset, output, match[1], Number(match[2]))
        : match[1].startsWith('i')
          ? await packager.cached(cacheKey, () => trickSegment(packager, asset, output, match[1], Number(match[2]), recipe))
          : await packager.segment(asset, output.segmentDurationSeconds, match[1], Number(match[2]), recipe, cacheKey, output.clip);
      return { body, contentType: mp4Type(kindOf(match[1])), maxAgeSeconds: YEAR, ranges: true };
    },
  },
  {
    name: 'segmentByTime',
    pattern: new RegExp(`^${TRACK}/t([0-9]{1,15})\\.m4s$`),
    formats: ['dash'],
    memoize: false,
    async answer({ packager, asset, configuration, output, match, cacheKey, keys }) {
      const recipe = await segmentRecipeOf(packager, asset, configuration, output, match[1], keys);
      const { presentation } = await packager.plan(asset, output.segmentDurationSeconds, output.clip);
      const timeline = presentation.switchingSets.flatMap((s) => s.tracks).find((t) => t.track.id === mainTrackOf(match[1]));
      const time = Number(match[2]);
      const segment = timeline?.segments.find((s) => s.startTime === time);
      if (!segment) throw new KinoraError('SEGMENT_OUT_OF_RANGE', `asset ${asset.id} track ${match[1]} has no segment starting at ${time}`, { subject: `${asset.id}/${match[1]}/t${time}` });
      const body = match[1].startsWith('t')
        ? await textSegment(packager, asset, output, match[1], segment.number)
        : match[1].startsWith('i')
          ? await packager.cached(cacheKey, () => trickSegment(packager, asset, output, match[1], segment.number, recipe))
          : await packager.segment(asset, output.segmentDurationSeconds, match[1], segment.number, recipe, cacheKey, output.clip);
      return { body, contentType: mp4Type(kindOf(match[1])), maxAgeSeconds: YEAR, ranges: true };
    },
  },
  ...smoothRequestKinds,
  ...keyRequestKinds,
];

/** The ad markers an HLS manifest writes (`adMarkers` other than NONE), or undefined. */
function adMarkersOf(settings: HlsManifestSettings): HlsAdMarkers | undefined {
  return settings.adMarkers === 'PASSTHROUGH' || settings.adMarkers === 'SCTE35_ENHANCED' ? settings.adMarkers : undefined;
}

/** HbbTV 1.5 (ETSI TS 102 796 E.2.1) players look for their profile; the DASH live profile keeps other players working. */
const HBBTV_PROFILES = 'urn:hbbtv:dash:profile:isoff-live:2012,urn:mpeg:dash:profile:isoff-live:2011';

function fmp4RecipeOf(output: OutputSettings, encryption?: EncryptionPlan, timeOffsets?: ReadonlyMap<string, number>): Recipe {
  if (encryption) return encryption.recipe({ parameterSetsInBand: output.parameterSetsInBand, timeOffsets });
  return output.parameterSetsInBand ? fmp4InBandRecipe : fmp4Recipe;
}

/**
 * The recipe of a media segment request. Encrypted output needs the key (the
 * request fails without it) and, for a clip, each track's shift back to
 * source time, from which `cenc` IVs are made.
 */
async function segmentRecipeOf(packager: Packager, asset: AssetRecord, configuration: PackagingConfigurationRecord, output: OutputSettings, trackId: string, keys?: ContentKeys): Promise<Recipe> {
  if (!output.encryption || trackId.startsWith('t')) return fmp4RecipeOf(output);
  const encryption = await planEncryption({ keys, asset, configuration, encryption: output.encryption });
  const clipped = output.clip ? (await packager.plan(asset, output.segmentDurationSeconds, output.clip)).offsets : undefined;
  // Trick-mode tracks (iN) are shifted as their video track (vN) is.
  const offsets = clipped && new Map([...clipped, ...[...clipped].filter(([id]) => id.startsWith('v')).map(([id, ticks]): [string, number] => [`i${id.slice(1)}`, ticks])]);
  return fmp4RecipeOf(output, encryption, offsets);
}

/** The HLS key URI of one key, relative to the manifest, with a fresh token for that key. */
function keyUriOf(kidHex: string, keys: ContentKeys | undefined): string {
  return `key/${kidHex}.key?token=${keys!.mintToken(kidHex)}`;
}

/**
 * The absolute ClearKey license URL next to the MPD being answered, with a fresh token for
 * every key of the output (players do not resolve it against the MPD, and use one URL for all keys).
 */
function licenseUrlOf(encryption: EncryptionPlan, keys: ContentKeys | undefined, requestUrl: string | undefined): string {
  return new URL(`license/clearkey?token=${keys!.mintToken(encryption.licenseSubject)}`, requestUrl ?? 'http://localhost/').href;
}

/** Each track's `ContentProtection` (its key's), made once per track for one MPD. */
function contentProtectionOf(encryption: EncryptionPlan, licenseUrl: string): (track: Track) => DashContentProtection | undefined {
  const made = new Map<Track, DashContentProtection | undefined>();
  return (track) => {
    if (!made.has(track)) made.set(track, encryption.dashContentProtection(track, licenseUrl));
    return made.get(track);
  };
}

/** WebVTT `X-TIMESTAMP-MAP` MPEGTS value per output: where the output's media timeline puts time 0, in 90 kHz. */
const TEXT_MPEGTS_BASE: Partial<Record<OutputSettings['format'], number>> = { cmaf: 0, hls: defaultTsTimeOffset90k };

/**
 * An HLS media playlist: of track `trackId` (`vN`, `aN`, `tN`), or of the
 * HLS-TS pair `vN-aM` (`muxedAudioId`), whose segments are the video track's;
 * `manifestName` for a manifest's own playlist (`media-<name>.m3u8`).
 */
async function mediaPlaylist({ packager, asset, configuration, output, keys }: RequestContext, trackId: string, manifestName?: string, muxedAudioId?: string): Promise<Answer> {
  const settings = manifestName === undefined ? undefined : (manifestSettings(output, manifestName, asset) as HlsManifestSettings);
  const encryption = await planEncryption({ keys, asset, configuration, encryption: output.encryption });
  const { presentation, index } = await packager.plan(asset, output.segmentDurationSeconds, output.clip);
  if (muxedAudioId !== undefined) assertMuxedPair(presentation, output, asset, trackId, muxedAudioId);
  const timeline = presentation.switchingSets.flatMap((s) => s.tracks).find((t) => t.track.id === trackId);
  if (!timeline) throw new KinoraError('TRACK_NOT_FOUND', `asset ${asset.id} has no track ${trackId}`, { subject: asset.id });
  const interval = settings?.programDateTimeIntervalSeconds;
  // Ad markers (`adMarkers`) on the source's timeline: none in a clip, as DASH has no ad Periods there.
  const adMarkers = settings && !output.clip ? adMarkersOf(settings) : undefined;
  const linesBefore = adMarkers ? planHlsAdMarkers(timeline.segments, timeline.track.timescale, index, adMarkers, output.format === 'hls' ? defaultTsTimeOffset90k : 0) : undefined;
  // Subtitles, and tracks an encryption contract leaves UNENCRYPTED, have no key; key URIs (next to the manifest) carry fresh tokens.
  // HLS-TS has one key, for the whole segment or every sample of it: a muxed segment's is its video track's.
  const tags = encryption ? encryption.hlsKeys(timeline.track, (kidHex) => `../${keyUriOf(kidHex, keys)}`) : [];
  const extension = timeline.track.kind === 'text' ? 'vtt' : output.format === 'hls' ? 'ts' : 'm4s';
  const body = writeMediaPlaylist(timeline, {
    initUri: extension === 'm4s' ? 'init.mp4' : undefined,
    segmentUri: (n) => `${n}.${extension}`,
    // MediaPackage dates VOD segments from the ingest time.
    programDateTime: interval ? { epochMs: Date.parse(asset.createdAt), intervalSeconds: interval } : undefined,
    keys: tags.length > 0 ? { tags, repeat: settings?.repeatExtXKey === true } : undefined,
    linesBefore,
  });
  return { body, contentType: 'application/vnd.apple.mpegurl', maxAgeSeconds: MANIFEST_MAX_AGE, ranges: false, perRequest: tags.length > 0 };
}

/** HLS-TS segment `number` of track `trackId`, or of the pair `vN-aM` (`muxedAudioId`), encrypted as the configuration says. */
async function tsSegment({ packager, asset, configuration, output, cacheKey, keys }: RequestContext, trackId: string, number: number, muxedAudioId?: string): Promise<Answer> {
  const encryption = await planEncryption({ keys, asset, configuration, encryption: output.encryption });
  // A pair that does not exist fails inside: failures are not cached, so a cached segment needs no check.
  const body = await packager.cached(cacheKey, async () => {
    const bytes = (await transportStreamSegment(packager, asset, output, trackId, number, encryption, muxedAudioId)).bytes;
    // AES-128 (RFC 8216 4.3.2.4): the whole segment; its Media Sequence Number is its segment number. SAMPLE-AES: encrypted inside.
    return encryption ? encryption.encryptTransportStream(bytes, number) : bytes;
  });
  return { body, contentType: 'video/mp2t', maxAgeSeconds: YEAR, ranges: true };
}

/** The id of the presentation's first audio track: the one HLS-TS muxes into `vN/` segments. */
function firstAudioOf(presentation: Presentation): string | undefined {
  return presentation.switchingSets.find((set) => set.kind === 'audio')?.tracks[0]?.track.id;
}

/**
 * A `vN-aM/` path names a video and an audio track of the asset, audio that
 * is muxed (no `useAudioRenditionGroup`), and not the first audio track,
 * whose pairs are `vN/`: each pair has one URL. Else 404, as any unknown path.
 */
function assertMuxedPair(presentation: Presentation, output: OutputSettings, asset: AssetRecord, videoId: string, audioId: string): void {
  const pair = `${videoId}-${audioId}`;
  if (output.useAudioRenditionGroup) throw new KinoraError('UNKNOWN_RESOURCE', `"${pair}/": this configuration has audio in rendition groups (useAudioRenditionGroup), so no audio is muxed into video segments (asset ${asset.id})`, { subject: asset.id });
  const ids = new Set(presentation.switchingSets.flatMap((set) => set.tracks.map((t) => t.track.id)));
  for (const id of [videoId, audioId]) {
    if (!ids.has(id)) throw new KinoraError('TRACK_NOT_FOUND', `asset ${asset.id} has no track ${id} (in "${pair}/")`, { subject: asset.id });
  }
  if (audioId === firstAudioOf(presentation)) throw new KinoraError('UNKNOWN_RESOURCE', `"${pair}/": ${audioId} is the first audio track of asset ${asset.id}, muxed into "${videoId}/"`, { subject: asset.id });
}

/**
 * An HLS-TS segment: the track's samples, plus, for a video track when audio
 * is not in rendition groups, the samples of the same segment number (planned
 * on the same boundaries) of audio track `muxedAudioId`, else of the first
 * audio track, muxed into one program.
 */
async function transportStreamSegment(packager: Packager, asset: AssetRecord, output: OutputSettings, trackId: string, number: number, encryption?: EncryptionPlan, muxedAudioId?: string): Promise<TransportStreamSegment> {
  const { index, presentation } = await packager.plan(asset, output.segmentDurationSeconds, output.clip);
  if (muxedAudioId !== undefined) assertMuxedPair(presentation, output, asset, trackId, muxedAudioId);
  const ids = [trackId];
  if (trackId.startsWith('v') && !output.useAudioRenditionGroup) {
    const audio = muxedAudioId ?? firstAudioOf(presentation);
    if (audio) ids.push(audio);
  }
  const tracks = await Promise.all(
    ids.map(async (id) => {
      const segment = await packager.readSegment(asset, output.segmentDurationSeconds, id, number, output.clip);
      return { track: segment.track, samples: segment.samples, decodeDelay: decodeDelayOf(packager.track(index, id, asset).track.samples) };
    }),
  );
  // HLS SAMPLE-AES: the writer encrypts the samples of every track of the segment (501 for a codec it does not cover).
  const sampleAes = encryption?.method === 'sample-aes' ? encryption.sampleAesKey(tracks.map((t) => t.track)) : undefined;
  return writeTransportStreamSegment({ tracks, timeOffset90k: defaultTsTimeOffset90k, sampleAes });
}

/**
 * The I-frames of a video track, as byte ranges of its own segments. TS: every
 * key frame (the writer puts PAT+PMT before each, so each range decodes alone;
 * SAMPLE-AES restarts its CBC chain in every NAL unit, so an encrypted range
 * decrypts alone too). CMAF: the first key frame of each segment, as
 * `styp`+`moof`+`mdat` header plus that sample (later key frames of a segment
 * have no `moof` of their own); encrypted, the `moof` carries the sample's
 * `senc` entry, and encryption keeps sample sizes. Ranges depend on the
 * packaged bytes, so every segment of the track is packaged once, one at a
 * time (memory: one segment); the entries are then kept with the asset
 * (`Packager.derived`, whatever the segment cache's size: a playlist with key
 * tokens is written per request from them).
 */
async function iframeEntries(
  packager: Packager,
  asset: AssetRecord,
  configuration: PackagingConfigurationRecord,
  output: OutputSettings,
  trackId: string,
  encryption: EncryptionPlan | undefined,
  keys: ContentKeys | undefined,
  cacheKey: string,
): Promise<{ track: Track; entries: IframeEntry[] }> {
  const { presentation } = await packager.plan(asset, output.segmentDurationSeconds, output.clip);
  const timeline = presentation.switchingSets.flatMap((set) => set.tracks).find((t) => t.track.id === trackId && t.track.kind === 'video');
  if (!timeline) throw new KinoraError('TRACK_NOT_FOUND', `asset ${asset.id} has no video track ${trackId}`, { subject: asset.id });
  const entries = await packager.derived(asset, `${cacheKey}#entries`, async (): Promise<IframeEntry[]> => {
    const { timescale } = timeline.track;
    const recipe = output.format === 'hls' ? undefined : await segmentRecipeOf(packager, asset, configuration, output, trackId, keys);
    const frames: { uri: string; offset: number; length: number; time: number }[] = [];
    for (const segment of timeline.segments) {
      if (!recipe) {
        const ts = await transportStreamSegment(packager, asset, output, trackId, segment.number, encryption);
        for (const k of ts.keyframes) frames.push({ uri: `${segment.number}.ts`, offset: k.offset, length: k.length, time: k.decodeTime });
      } else {
        let media = await packager.readSegment(asset, output.segmentDurationSeconds, trackId, segment.number, output.clip);
        for (const transform of recipe.transforms) media = transform(media);
        const bytes = recipe.write(media);
        const payload = media.samples.reduce((n, s) => n + s.data.byteLength, 0);
        frames.push({ uri: `${segment.number}.m4s`, offset: 0, length: bytes.byteLength - payload + media.samples[0].data.byteLength, time: segment.startTime });
      }
    }
    const end = timeline.segments.length > 0 ? timeline.segments[timeline.segments.length - 1].startTime + timeline.segments[timeline.segments.length - 1].duration : 0;
    return frames.map((f, i) => ({ uri: f.uri, offset: f.offset, length: f.length, durationSeconds: ((frames[i + 1]?.time ?? end) - f.time) / timescale }));
  });
  return { track: timeline.track, entries };
}

/**
 * `EXT-X-I-FRAME-STREAM-INF` for the first video rendition (as MediaPackage
 * builds it), with a peak bandwidth estimated from the index (each segment's
 * first key frame over the segment's duration) so the multivariant playlist
 * never packages segments.
 */
function iframeStream(index: SourceIndex, plan: SegmentPlan, presentation: Presentation) {
  const first = presentation.switchingSets.find((set) => set.kind === 'video')?.tracks[0];
  if (!first) return [];
  const position = index.tracks.findIndex((t) => t.track.id === first.track.id);
  const samples = index.tracks[position].samples;
  const trackPlan = plan.tracks[position];
  let peak = 0;
  trackPlan.segments.forEach((segment, k) => {
    const seconds = segment.duration / first.track.timescale;
    if (seconds > 0) peak = Math.max(peak, (samples.size[trackPlan.starts[k]] * 8) / seconds);
  });
  return [{ track: first.track, uri: `${first.track.id}/iframes.m3u8`, peakBitsPerSecond: peak }];
}

/** Trick-mode Representation `iN` shows key frames of video track `vN`. */
function mainTrackOf(trackId: string): string {
  return trackId.startsWith('i') ? `v${trackId.slice(1)}` : trackId;
}

/**
 * DASH trick mode (`includeIframeOnlyStream`): the first video track's key
 * frames. Bandwidth from the index (key frame bytes per segment over its
 * duration, peak); maxPlayoutRate = frames per key frame interval, the speed
 * at which showing every key frame matches the normal frame rate.
 */
function trickModeOf(index: SourceIndex, plan: SegmentPlan, presentation: Presentation) {
  const first = presentation.switchingSets.find((set) => set.kind === 'video')?.tracks[0];
  if (!first) return undefined;
  const position = index.tracks.findIndex((t) => t.track.id === first.track.id);
  const { samples } = index.tracks[position];
  const trackPlan = plan.tracks[position];
  let peak = 0;
  let keyframes = 0;
  trackPlan.segments.forEach((segment, k) => {
    let bytes = 0;
    for (let i = trackPlan.starts[k]; i < trackPlan.starts[k + 1]; i++) {
      if (samples.flags[i] & SAMPLE_SYNC) {
        bytes += samples.size[i];
        keyframes++;
      }
    }
    const seconds = segment.duration / first.track.timescale;
    if (seconds > 0) peak = Math.max(peak, (bytes * 8) / seconds);
  });
  const frames = trackPlan.starts[trackPlan.segments.length] - trackPlan.starts[0];
  return { trackId: first.track.id, representationId: `i${first.track.id.slice(1)}`, bandwidth: peak, maxPlayoutRate: Math.max(1, Math.round(frames / Math.max(1, keyframes))) };
}

/** A trick-mode segment: the key frames of the main track's segment, each shown until the next (or the segment's end). */
async function trickSegment(packager: Packager, asset: AssetRecord, output: OutputSettings, trackId: string, number: number, recipe: Recipe = fmp4RecipeOf(output)): Promise<Uint8Array> {
  let media = await packager.readSegment(asset, output.segmentDurationSeconds, mainTrackOf(trackId), number, output.clip);
  const end = media.samples.length > 0 ? media.samples[media.samples.length - 1].decodeTime + media.samples[media.samples.length - 1].duration : 0;
  const keys = media.samples.filter((sample) => sample.isSync);
  // The trick track's own id: encryption gives it counters of its own (its key frames follow each other, unlike the video track's samples).
  media = { ...media, track: { ...media.track, id: trackId }, samples: keys.map((sample, i) => ({ ...sample, compositionOffset: 0, duration: (keys[i + 1]?.decodeTime ?? end) - sample.decodeTime })) };
  for (const transform of recipe.transforms) media = transform(media);
  return recipe.write(media);
}

/** DTS must not pass PTS in MPEG-TS: one delay per whole track keeps DTS continuous across segments. */
const decodeDelays = new WeakMap<SampleTable, number>();
function decodeDelayOf(samples: SampleTable): number {
  let delay = decodeDelays.get(samples);
  if (delay === undefined) {
    delay = computeDecodeDelay(samples.compositionOffset.subarray(0, samples.count));
    decodeDelays.set(samples, delay);
  }
  return delay;
}

function kindOf(trackId: string): 'video' | 'audio' | 'text' {
  return trackId.startsWith('v') ? 'video' : trackId.startsWith('a') ? 'audio' : 'text';
}

/** A WebVTT-in-fMP4 segment (ISO/IEC 14496-30) covering the text segment's time range exactly. */
async function textSegment(packager: Packager, asset: AssetRecord, output: OutputSettings, trackId: string, number: number): Promise<Uint8Array> {
  const { segment, cues } = await readSegmentCues(packager, asset, output.segmentDurationSeconds, trackId, number, output.clip);
  const samples = writeWebVttSamples(cues, segment.startTime, segment.startTime + segment.duration);
  return writeMediaSegment({ sequenceNumber: number, baseMediaDecodeTime: segment.startTime, samples });
}

function mp4Type(kind: string): string {
  return kind === 'audio' ? 'audio/mp4' : kind === 'text' ? 'application/mp4' : 'video/mp4';
}

function manifestSettings(output: OutputSettings, name: string, asset: AssetRecord) {
  const settings = output.manifests.find((m) => (m.manifestName ?? 'index') === name);
  if (!settings) throw new KinoraError('UNKNOWN_RESOURCE', `configuration has no manifest named "${name}" (asset ${asset.id})`, { subject: asset.id });
  return settings as typeof settings & { minBufferTimeSeconds?: number; manifestLayout?: 'FULL' | 'COMPACT'; profile?: 'NONE' | 'HBBTV_1_5' };
}

export { outputOf };

/** Finds the request kind for a child path, or undefined. */
export function matchRequestKind(path: string, configuration: PackagingConfigurationRecord): { kind: RequestKind; match: RegExpExecArray } | undefined {
  const { format } = outputOf(configuration);
  for (const kind of requestKinds) {
    if (!kind.formats.includes(format)) continue;
    const match = kind.pattern.exec(path);
    if (match) return { kind, match };
  }
  return undefined;
}
