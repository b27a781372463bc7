import type { Presentation, SwitchingSet, TrackTimeline } from '../model/Presentation.ts';
import { computeSegmentTimeline } from './computeSegmentTimeline.ts';
import { escapeXmlAttribute } from './escapeXmlAttribute.ts';
import { formatFrameRate } from './formatFrameRate.ts';
import { formatXsDuration } from './formatXsDuration.ts';
import type { DashContentProtection } from '../cenc/DashContentProtection.ts';
import { CONTENT_PROTECTION_NAMESPACES, PLAYREADY_NAMESPACE, writeDashContentProtection } from '../cenc/writeDashContentProtection.ts';
import { hexFromBytes } from '../cenc/hexFromBytes.ts';
import type { Track } from '../model/Track.ts';
import { ac3FormatOf } from '../codecs/ac3/ac3FormatOf.ts';

/** ISO/IEC 23009-1 5.8.5.2 Role scheme. */
const ROLE_SCHEME = 'urn:mpeg:dash:role:2011';
/** ISO/IEC 23009-1 5.8.5.4: channel count as in ISO/IEC 23001-8 (23003-3 scheme URI). */
/** TV-Anytime AudioPurposeCS (DASH-IF IOP 6.2.4): 1 = for the visually impaired. */
const AUDIO_PURPOSE_SCHEME = 'urn:tva:metadata:cs:AudioPurposeCS:2007';
const CHANNEL_SCHEME = 'urn:mpeg:dash:23003:3:audio_channel_configuration:2011';
/** ETSI TS 102 366 Annex I (and the DASH-IF IOP multichannel audio chapter): AC-3 and E-AC-3 give a 16-bit channel mask as four hex digits. */
const DOLBY_CHANNEL_SCHEME = 'tag:dolby.com,2014:dash:audio_channel_configuration:2011';

/**
 * Writes a static MPD for on-demand playback of a presentation (ISO/IEC
 * 23009-1 5.3, DASH-IF IOP 4.3 live profile segments):
 *
 * - `MPD@type="static"` with `mediaPresentationDuration` and `minBufferTime`
 *   (5.3.1.2), one `Period id="1" start="PT0S"` (5.3.2).
 * - One `AdaptationSet` per video or audio switching set (5.3.3), numbered
 *   from 1 because `AdaptationSet@id` is an unsignedInt; `Role` main
 *   (5.8.5.5) on the default set of each content type (the first `isDefault`
 *   set, else the first set); text sets (WebVTT in fMP4) get Role
 *   `subtitle` or `forced-subtitle`.
 * - One `Representation` per track (5.3.5), `id` = track id so
 *   `$RepresentationID$` names the track in URLs, `bandwidth` = peak rate
 *   rounded up, `AudioChannelConfiguration` (5.8.5.4) on audio: the channel
 *   count, or for AC-3 / E-AC-3 Dolby's scheme with the channel mask.
 * - `SegmentTemplate` (5.3.9.4) in one of MediaPackage's three forms:
 *   `$Number$` or `$Time$` addressing with a `SegmentTimeline` (5.3.9.6,
 *   run-length compressed), or `$Number$` with a nominal `duration` (no
 *   timeline; `segmentDurationSeconds`, else each track's first segment).
 *   `FULL` layout puts it on every Representation; `COMPACT` on the
 *   AdaptationSet when all its tracks share timescale and timeline, as
 *   MediaPackage's compact manifests do.
 *
 * - `contentProtection`: `ContentProtection` descriptors (ISO/IEC 23001-7
 *   11) on every video and audio AdaptationSet, the trick-mode one included
 *   (with its main track's); text stays clear. Given per track (a function),
 *   a set whose tracks share one key gets them on the AdaptationSet; a set
 *   whose tracks have different keys (SPEKE v2 presets: SD and HD keys)
 *   gets them on each Representation (23009-1 5.3.7.2, DASH-IF IOP 4.3
 *   7.7.2: one `default_KID` per AdaptationSet otherwise), and a track
 *   with none is clear. `xmlns:mspr` is declared when a PlayReady header is.
 *
 * All attribute values are XML-escaped. Built as one array joined once.
 */
export function writeMpd(
  presentation: Presentation,
  options: {
    segmentTemplateFormat: 'NUMBER_WITH_TIMELINE' | 'TIME_WITH_TIMELINE' | 'NUMBER_WITH_DURATION';
    /** `MPD@minBufferTime` in seconds; default 2. */
    minBufferTimeSeconds?: number;
    /** `SegmentTemplate@initialization`, e.g. `$RepresentationID$/init.mp4`. */
    initializationTemplate: string;
    /** `SegmentTemplate@media`, e.g. `$RepresentationID$/$Number$.m4s` or `$RepresentationID$/t$Time$.m4s`. */
    mediaTemplate: string;
    /** Nominal segment duration for `NUMBER_WITH_DURATION`. */
    segmentDurationSeconds?: number;
    /** `MPD@profiles`; default `urn:mpeg:dash:profile:isoff-live:2011`, which dash.js, Shaka and ExoPlayer all accept. */
    profiles?: string;
    /** Where `SegmentTemplate` goes; default `FULL` (every Representation). */
    manifestLayout?: 'FULL' | 'COMPACT';
    /** A key-frame-only Representation of `trackId` (same timeline), addressed as `representationId`. */
    trickMode?: { trackId: string; representationId: string; bandwidth: number; maxPlayoutRate: number };
    /** Starts (seconds) of Periods after the first: source discontinuities and ad breaks. Ignored with NUMBER_WITH_DURATION. */
    periodStartsSeconds?: number[];
    /** Encryption signalling: the same for every video and audio track, or per track (undefined: the track is clear). */
    contentProtection?: DashContentProtection | ((track: Track) => DashContentProtection | undefined);
    /** Timed events (SCTE-35 ad breaks): each Period gets an `EventStream` with the events that start in it. */
    eventStream?: MpdEventStream;
  },
): string {
  const profiles = options.profiles ?? 'urn:mpeg:dash:profile:isoff-live:2011';
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<MPD xmlns="urn:mpeg:dash:schema:mpd:2011"${namespacesOf(presentation, options.contentProtection)}${eventNamespacesOf(options.eventStream)} profiles="${escapeXmlAttribute(profiles)}" type="static"` +
      ` mediaPresentationDuration="${formatXsDuration(presentation.durationSeconds)}"` +
      ` minBufferTime="${formatXsDuration(options.minBufferTimeSeconds ?? 2)}">`,
  ];
  // One Period per distinct start: a discontinuity and an ad break at the same place (within 20 ms) start one Period, not an empty one too.
  const starts = (options.periodStartsSeconds ?? [])
    .filter((t) => t > 0 && t < presentation.durationSeconds)
    .sort((a, b) => a - b)
    .filter((t, i, all) => i === 0 || t - all[i - 1] > 0.02);
  if (starts.length === 0 || options.segmentTemplateFormat === 'NUMBER_WITH_DURATION') {
    writePeriod(presentation, options, { id: '1', startSeconds: 0, endSeconds: Infinity }, out);
  } else {
    // Multi-period (23009-1 5.3.2): the timeline stays continuous, so each Period takes the
    // segments starting in it, and presentationTimeOffset maps its start; $Number$ stays global.
    const edges = [0, ...starts, Infinity];
    for (let p = 0; p + 1 < edges.length; p++) {
      const part = periodOf(presentation, edges[p], edges[p + 1]);
      writePeriod(part, { ...options, presentationTimeOffsetSeconds: edges[p] }, { id: String(p + 1), startSeconds: edges[p], endSeconds: edges[p + 1] }, out);
    }
  }
  out.push('</MPD>', '');
  return out.join('\n');
}

/** Tracks with only the segments that start in [from, to) seconds, within 20 ms: audio boundaries sit within half an AAC frame of the video ones. */
function periodOf(presentation: Presentation, from: number, to: number): Presentation {
  const inside = (t: TrackTimeline) => t.segments.filter((s) => s.startTime / t.track.timescale >= from - 0.02 && s.startTime / t.track.timescale < to - 0.02);
  return {
    ...presentation,
    switchingSets: presentation.switchingSets.map((set) => ({ ...set, tracks: set.tracks.map((t) => ({ ...t, segments: inside(t) })).filter((t) => t.segments.length > 0) })),
  };
}

type MpdOptions = Parameters<typeof writeMpd>[1] & { presentationTimeOffsetSeconds?: number };

function writePeriod(presentation: Presentation, options: MpdOptions, period: { id: string; startSeconds: number; endSeconds: number }, out: string[]): void {
  out.push(`  <Period id="${period.id}" start="${formatXsDuration(period.startSeconds)}">`);
  if (options.eventStream) writeEventStream(options.eventStream, period, out);
  const sets = presentation.switchingSets.filter(
    (set) => set.tracks.length > 0,
  );
  const defaultSets = new Set<SwitchingSet>();
  for (const kind of ['video', 'audio'] as const) {
    const ofKind = sets.filter((set) => set.kind === kind);
    const chosen = ofKind.find((set) => set.isDefault === true) ?? ofKind[0];
    if (chosen !== undefined) defaultSets.add(chosen);
  }

  sets.forEach((set, index) => {
    const tracks = set.tracks.map((timeline) => timeline.track);
    // Text is ISO/IEC 14496-30 WebVTT in fMP4 (DASH-IF IOP 6.4.5): application/mp4, codecs wvtt.
    const mimeType = set.kind === 'text' ? 'application/mp4' : `${set.kind}/mp4`;
    let attributes = `id="${index + 1}" contentType="${set.kind}" mimeType="${mimeType}" segmentAlignment="true" startWithSAP="1"`;
    const language = set.language ?? tracks.find((track) => track.language !== undefined)?.language;
    if (language !== undefined) attributes += ` lang="${escapeXmlAttribute(language)}"`;
    if (set.kind === 'video') {
      const widths = tracks.flatMap((track) => (track.width === undefined ? [] : [track.width]));
      const heights = tracks.flatMap((track) => (track.height === undefined ? [] : [track.height]));
      const frameRates = tracks.flatMap((track) => (track.frameRate === undefined ? [] : [track.frameRate]));
      if (widths.length > 0) attributes += ` maxWidth="${Math.max(...widths)}"`;
      if (heights.length > 0) attributes += ` maxHeight="${Math.max(...heights)}"`;
      if (frameRates.length > 0) attributes += ` maxFrameRate="${formatFrameRate(Math.max(...frameRates))}"`;
    }
    out.push(`    <AdaptationSet ${attributes}>`);
    // Schema order (23009-1 5.3.7.2): ContentProtection precedes Label.
    const protections = set.kind === 'text' ? [] : tracks.map((track) => protectionOf(options.contentProtection, track));
    const setProtection = sharedProtection(protections);
    if (setProtection) writeDashContentProtection(setProtection, '      ', out);
    if (set.name !== undefined) out.push(`      <Label>${escapeXmlText(set.name)}</Label>`);
    // Schema order (23009-1 5.3.3.2): Label, Accessibility, Role.
    if (set.characteristics?.includes('public.accessibility.describes-video')) {
      out.push(`      <Accessibility schemeIdUri="${AUDIO_PURPOSE_SCHEME}" value="1"/>`);
    }
    const role = roleOf(set, defaultSets.has(set));
    if (role !== undefined) out.push(`      <Role schemeIdUri="${ROLE_SCHEME}" value="${role}"/>`);

    const shared = options.manifestLayout === 'COMPACT' && shareTemplate(set.tracks, options.segmentTemplateFormat);
    if (shared) writeSegmentTemplate(set.tracks[0], options, '      ', out);

    for (const [position, timeline] of set.tracks.entries()) {
      const { track } = timeline;
      const ownProtection = setProtection ? undefined : protections[position];
      let representation = `id="${escapeXmlAttribute(track.id)}" bandwidth="${Math.ceil(track.peakBitsPerSecond)}" codecs="${escapeXmlAttribute(track.codecString)}"`;
      if (track.kind === 'video') {
        if (track.width !== undefined) representation += ` width="${track.width}"`;
        if (track.height !== undefined) representation += ` height="${track.height}"`;
        if (track.frameRate !== undefined) representation += ` frameRate="${formatFrameRate(track.frameRate)}"`;
        representation += ' sar="1:1"';
      } else if (track.sampleRate !== undefined) {
        representation += ` audioSamplingRate="${track.sampleRate}"`;
      }
      const audio = track.kind === 'audio';
      if (shared && !audio && !ownProtection) {
        out.push(`      <Representation ${representation}/>`);
        continue;
      }
      out.push(`      <Representation ${representation}>`);
      if (audio) {
        const config = track.config;
        const channels = config.codec === 'ac3' || config.codec === 'ec3'
          ? `schemeIdUri="${DOLBY_CHANNEL_SCHEME}" value="${ac3FormatOf(config).channelMask.toString(16).toUpperCase().padStart(4, '0')}"`
          : `schemeIdUri="${CHANNEL_SCHEME}" value="${track.channels ?? 2}"`;
        out.push(`        <AudioChannelConfiguration ${channels}/>`);
      }
      // RepresentationBase order (23009-1 5.3.7.2): ContentProtection after AudioChannelConfiguration.
      if (ownProtection) writeDashContentProtection(ownProtection, '        ', out);
      if (!shared) writeSegmentTemplate(timeline, options, '        ', out);
      out.push('      </Representation>');
    }
    out.push('    </AdaptationSet>');
  });

  // Trick mode (DASH-IF IOP 3.2.9): key frames only of one video track, in an AdaptationSet that
  // names the main one through the trickmode EssentialProperty; players that do not know it skip it.
  const trick = options.trickMode;
  if (trick !== undefined) {
    const mainIndex = sets.findIndex((set) => set.tracks.some((t) => t.track.id === trick.trackId));
    const timeline = mainIndex < 0 ? undefined : sets[mainIndex].tracks.find((t) => t.track.id === trick.trackId);
    if (timeline !== undefined) {
      const { track } = timeline;
      out.push(`    <AdaptationSet id="${sets.length + 1}" contentType="video" mimeType="video/mp4" segmentAlignment="true" startWithSAP="1">`);
      const trickProtection = protectionOf(options.contentProtection, track);
      if (trickProtection) writeDashContentProtection(trickProtection, '      ', out);
      out.push(`      <EssentialProperty schemeIdUri="http://dashif.org/guidelines/trickmode" value="${mainIndex + 1}"/>`);
      let representation = `id="${escapeXmlAttribute(trick.representationId)}" bandwidth="${Math.ceil(trick.bandwidth)}" codecs="${escapeXmlAttribute(track.codecString)}"`;
      if (track.width !== undefined) representation += ` width="${track.width}"`;
      if (track.height !== undefined) representation += ` height="${track.height}"`;
      representation += ` sar="1:1" maxPlayoutRate="${trick.maxPlayoutRate}" codingDependency="false"`;
      out.push(`      <Representation ${representation}>`);
      writeSegmentTemplate(timeline, options, '        ', out);
      out.push('      </Representation>', '    </AdaptationSet>');
    }
  }

  out.push('  </Period>');
}

/**
 * DASH role of a switching set (ISO/IEC 23009-1 5.8.5.5) from the HLS
 * characteristics it came with: Apple's `public.accessibility.describes-video`
 * is DASH's `description` (DASH-IF IOP 6.2.4 also signals it with the TV-Anytime
 * AudioPurpose 1); otherwise `main` for the default set of its kind.
 */
function roleOf(set: SwitchingSet, isDefault: boolean): string | undefined {
  if (set.kind === 'text') return set.forced === true ? 'forced-subtitle' : 'subtitle';
  if (set.characteristics?.includes('public.accessibility.describes-video')) return 'description';
  if (set.characteristics?.includes('public.accessibility.transcribes-spoken-dialog')) return 'caption';
  return isDefault ? 'main' : undefined;
}

function escapeXmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** COMPACT layout: one template fits every track when timescales match and, with a timeline, so do the segments. */
function shareTemplate(tracks: TrackTimeline[], format: string): boolean {
  const [first, ...rest] = tracks;
  for (const other of rest) {
    if (other.track.timescale !== first.track.timescale) return false;
    if (format === 'NUMBER_WITH_DURATION') {
      if (other.segments[0]?.duration !== first.segments[0]?.duration) return false;
      continue;
    }
    if (other.segments.length !== first.segments.length) return false;
    for (let i = 0; i < first.segments.length; i++) {
      const a = first.segments[i];
      const b = other.segments[i];
      if (a.startTime !== b.startTime || a.duration !== b.duration || a.number !== b.number) return false;
    }
  }
  return true;
}

function writeSegmentTemplate(
  timeline: TrackTimeline,
  options: { segmentTemplateFormat: string; initializationTemplate: string; mediaTemplate: string; segmentDurationSeconds?: number; presentationTimeOffsetSeconds?: number },
  indent: string,
  out: string[],
): void {
  const { timescale } = timeline.track;
  const startNumber = timeline.segments[0]?.number ?? 1;
  let attributes = `timescale="${timescale}" initialization="${escapeXmlAttribute(options.initializationTemplate)}" media="${escapeXmlAttribute(options.mediaTemplate)}"`;
  if (options.presentationTimeOffsetSeconds) attributes += ` presentationTimeOffset="${Math.round(options.presentationTimeOffsetSeconds * timescale)}"`;
  if (options.segmentTemplateFormat === 'NUMBER_WITH_DURATION') {
    const duration =
      options.segmentDurationSeconds !== undefined
        ? Math.round(options.segmentDurationSeconds * timescale)
        : (timeline.segments[0]?.duration ?? 0);
    out.push(`${indent}<SegmentTemplate ${attributes} startNumber="${startNumber}" duration="${duration}"/>`);
    return;
  }
  if (options.segmentTemplateFormat === 'NUMBER_WITH_TIMELINE') attributes += ` startNumber="${startNumber}"`;
  out.push(`${indent}<SegmentTemplate ${attributes}>`, `${indent}  <SegmentTimeline>`);
  for (const entry of computeSegmentTimeline(timeline.segments)) {
    let s = `${indent}    <S`;
    if (entry.t !== undefined) s += ` t="${entry.t}"`;
    s += ` d="${entry.d}"`;
    if (entry.r > 0) s += ` r="${entry.r}"`;
    out.push(`${s}/>`);
  }
  out.push(`${indent}  </SegmentTimeline>`, `${indent}</SegmentTemplate>`);
}

function protectionOf(given: MpdOptions['contentProtection'], track: Track): DashContentProtection | undefined {
  if (!given || track.kind === 'text') return undefined;
  return typeof given === 'function' ? given(track) : given;
}

/** The one protection of a set's tracks, when they all have the same key and systems; undefined when they differ or are clear. */
function sharedProtection(protections: (DashContentProtection | undefined)[]): DashContentProtection | undefined {
  const first = protections[0];
  if (!first) return undefined;
  const same = (p: DashContentProtection | undefined) => p !== undefined && p.scheme === first.scheme && hexFromBytes(p.defaultKid) === hexFromBytes(first.defaultKid) && p.systems.length === first.systems.length;
  return protections.every(same) ? first : undefined;
}

/** Timed events of an MPD (23009-1 5.10.2): one scheme, bodies as XML fragments. */
export interface MpdEventStream {
  schemeIdUri: string;
  timescale: number;
  /** Namespaces the bodies use, declared on the MPD element: prefix -> URI. */
  namespaces?: Record<string, string>;
  events: readonly { id: number; presentationTimeSeconds: number; durationSeconds?: number; body: string }[];
}

/**
 * The Period's `EventStream` (before its AdaptationSets, as the schema orders
 * them) with the events starting in it (within 20 ms, as its segments are
 * chosen); `presentationTimeOffset` is the Period start, so each
 * `presentationTime` is the event's time on the continuous timeline.
 */
function writeEventStream(stream: MpdEventStream, period: { startSeconds: number; endSeconds: number }, out: string[]): void {
  const events = stream.events.filter((e) => e.presentationTimeSeconds >= period.startSeconds - 0.02 && e.presentationTimeSeconds < period.endSeconds - 0.02);
  if (events.length === 0) return;
  const ticks = (seconds: number) => Math.round(seconds * stream.timescale);
  const offset = period.startSeconds > 0 ? ` presentationTimeOffset="${ticks(period.startSeconds)}"` : '';
  out.push(`    <EventStream schemeIdUri="${escapeXmlAttribute(stream.schemeIdUri)}" timescale="${stream.timescale}"${offset}>`);
  for (const e of events) {
    const duration = e.durationSeconds !== undefined ? ` duration="${ticks(e.durationSeconds)}"` : '';
    out.push(`      <Event presentationTime="${ticks(e.presentationTimeSeconds)}"${duration} id="${e.id}">`, e.body, '      </Event>');
  }
  out.push('    </EventStream>');
}

/** The namespaces an event stream's bodies use, as MPD attributes (none without events). */
function eventNamespacesOf(stream: MpdEventStream | undefined): string {
  if (!stream?.namespaces || stream.events.length === 0) return '';
  return Object.entries(stream.namespaces)
    .map(([prefix, uri]) => ` xmlns:${prefix}="${escapeXmlAttribute(uri)}"`)
    .join('');
}

/** `xmlns:cenc`/`xmlns:dashif` when any track is protected, `xmlns:mspr` when a PlayReady header is written. */
function namespacesOf(presentation: Presentation, given: MpdOptions['contentProtection']): string {
  if (!given) return '';
  const protections = presentation.switchingSets.flatMap((set) => set.tracks.map((t) => protectionOf(given, t.track))).filter((p) => p !== undefined);
  if (protections.length === 0) return '';
  const playReady = protections.some((p) => p.systems.some((system) => system.playReadyObject !== undefined));
  return ` ${CONTENT_PROTECTION_NAMESPACES}${playReady ? ` ${PLAYREADY_NAMESPACE}` : ''}`;
}
