import { base64FromBytes } from '../bytes/base64.ts';
import type { SourceAdMarker, SourceBreak } from '../index/SourceIndex.ts';
import type { SegmentTiming } from '../model/Presentation.ts';
import { writeSpliceInsertSection } from '../scte35/writeSpliceInsertSection.ts';
import { planAdBreaks } from '../scte35/planAdBreaks.ts';
import { bytesFromHex } from '../cenc/bytesFromHex.ts';

/** MediaPackage's HLS `adMarkers` values that write markers (`NONE` writes none). */
export type HlsAdMarkers = 'PASSTHROUGH' | 'SCTE35_ENHANCED';

/** A marker lands on the output segment starting within this of its time (forced boundaries of audio sit up to a frame away). */
const SNAP_SECONDS = 0.1;

/**
 * The ad-marker lines to write before output segments of one media playlist
 * (segment number -> lines), as MediaPackage's `adMarkers` asks:
 *
 * - `PASSTHROUGH`: the source's ad-marker tags (`SourceIndex.adMarkers`),
 *   verbatim, before the output segment that starts at (or else holds) the
 *   time of the source segment they preceded; not `EXT-X-DATERANGE`, whose
 *   dates are on the source's clock and need `EXT-X-PROGRAM-DATE-TIME`.
 * - `SCTE35_ENHANCED`: for each ad break of the source (`EXT-X-CUE-OUT` /
 *   `CUE-IN`, SCTE-35 `EXT-X-DATERANGE`), the tags MediaConvert and
 *   MediaPackage write and MediaTailor reads: `EXT-OATCLS-SCTE35` and
 *   `EXT-X-CUE-OUT:<duration>` before its first segment,
 *   `EXT-X-CUE-OUT-CONT:ElapsedTime=…,Duration=…,SCTE35=…` before each
 *   later one inside the break, and `EXT-OATCLS-SCTE35` + `EXT-X-CUE-IN`
 *   before the segment where it ends. The SCTE-35 message is the source's
 *   (`EXT-OATCLS-SCTE35`, `CUE-OUT-CONT`'s `SCTE35=`, or the DATERANGE's
 *   `SCTE35-OUT`/`SCTE35-IN`) when it has one, else a `splice_insert` made
 *   here (event id = the break's ordinal, PTS on the output timeline plus
 *   `ptsOffset90k`, the break duration with auto-return). A break's duration
 *   is its `CUE-OUT` duration, else the time to its `CUE-IN`, else the rest
 *   of the presentation.
 *
 * Segments' times are in `timescale` ticks on the output timeline, where the
 * source times (seconds) also are.
 */
export function planHlsAdMarkers(
  segments: readonly SegmentTiming[],
  timescale: number,
  source: { breaks?: readonly SourceBreak[]; adMarkers?: readonly SourceAdMarker[] },
  mode: HlsAdMarkers,
  ptsOffset90k: number,
): Map<number, string[]> {
  const out = new Map<number, string[]>();
  if (segments.length === 0) return out;
  const push = (segment: SegmentTiming | undefined, ...lines: string[]) => {
    if (!segment) return;
    const list = out.get(segment.number);
    if (list) list.push(...lines);
    else out.set(segment.number, lines);
  };
  const ticks = (seconds: number) => Math.round(seconds * timescale);
  const snap = ticks(SNAP_SECONDS);
  /** The segment starting within SNAP_SECONDS of `seconds`, else the one holding it. */
  const segmentAt = (seconds: number): SegmentTiming | undefined => {
    const t = ticks(seconds);
    let holding: SegmentTiming | undefined;
    for (const s of segments) {
      if (Math.abs(s.startTime - t) <= snap) return s;
      if (s.startTime <= t && t < s.startTime + s.duration) holding = s;
    }
    return holding;
  };
  const markers = source.adMarkers ?? [];

  if (mode === 'PASSTHROUGH') {
    // EXT-X-DATERANGE is not copied: its dates are on the source's clock, and RFC 8216 4.3.2.7 requires
    // EXT-X-PROGRAM-DATE-TIME beside it; its break is in `breaks` (SCTE35_ENHANCED writes it).
    for (const m of markers) if (m.tag !== 'EXT-X-DATERANGE') push(segmentAt(m.startSeconds), m.value === undefined ? `#${m.tag}` : `#${m.tag}:${m.value}`);
    return out;
  }

  const last = segments[segments.length - 1];
  const near = (seconds: number) => markers.filter((m) => Math.abs(m.startSeconds - seconds) <= SNAP_SECONDS);
  for (const { eventId, startSeconds, durationSeconds: duration, endSeconds: inSeconds } of planAdBreaks(source.breaks ?? [], (last.startTime + last.duration) / timescale)) {
    const first = segmentAt(startSeconds);
    if (!first) continue;
    const scteOut =
      sourceScte35(near(startSeconds), 'OUT') ??
      base64FromBytes(writeSpliceInsertSection({ eventId, outOfNetwork: true, pts90k: startSeconds * 90_000 + ptsOffset90k, breakDuration90k: duration * 90_000 }));
    const durationText = String(Number(duration.toFixed(3)));
    push(first, `#EXT-OATCLS-SCTE35:${scteOut}`, `#EXT-X-CUE-OUT:${duration.toFixed(3)}`);
    const inTicks = inSeconds === undefined ? Infinity : ticks(inSeconds) - snap;
    let back: SegmentTiming | undefined;
    for (const s of segments) {
      if (s.startTime <= first.startTime) continue;
      if (s.startTime >= inTicks) {
        back = s;
        break;
      }
      push(s, `#EXT-X-CUE-OUT-CONT:ElapsedTime=${((s.startTime - first.startTime) / timescale).toFixed(3)},Duration=${durationText},SCTE35=${scteOut}`);
    }
    if (back && inSeconds !== undefined) {
      const scteIn = sourceScte35(near(inSeconds), 'IN') ?? base64FromBytes(writeSpliceInsertSection({ eventId, outOfNetwork: false, pts90k: inSeconds * 90_000 + ptsOffset90k }));
      push(back, `#EXT-OATCLS-SCTE35:${scteIn}`, '#EXT-X-CUE-IN');
    }
  }
  return out;
}

/**
 * The source's SCTE-35 message (base64) among the markers at a break's
 * start (`OUT`) or end (`IN`): the `EXT-OATCLS-SCTE35` right before that
 * side's own `EXT-X-CUE-OUT` / `EXT-X-CUE-IN` (back-to-back breaks put an
 * IN and an OUT on one segment; without that tag, the last one there), else the DATERANGE's `SCTE35-OUT` /
 * `SCTE35-IN`, else (OUT) the `SCTE35=` of a `CUE-OUT-CONT`.
 */
function sourceScte35(markers: readonly SourceAdMarker[], side: 'OUT' | 'IN'): string | undefined {
  // Without that cue tag here (the break came from a DATERANGE), the last OATCLS at this time.
  const found = markers.findIndex((m) => m.tag === (side === 'OUT' ? 'EXT-X-CUE-OUT' : 'EXT-X-CUE-IN'));
  const cue = found >= 0 ? found : markers.length;
  for (let i = cue - 1; i >= 0 && markers[i].tag !== 'EXT-X-CUE-OUT' && markers[i].tag !== 'EXT-X-CUE-IN'; i--) {
    const value = markers[i].value?.trim();
    if (markers[i].tag === 'EXT-OATCLS-SCTE35' && value && /^[A-Za-z0-9+/]+=*$/.test(value)) return value;
  }
  for (const m of markers) {
    if (m.tag !== 'EXT-X-DATERANGE' || !m.value) continue;
    const hex = new RegExp(`(?:^|,)SCTE35-${side}=0[xX]([0-9A-Fa-f]+)`).exec(m.value)?.[1];
    if (hex && hex.length % 2 === 0) return base64FromBytes(bytesFromHex(hex));
  }
  if (side === 'OUT') {
    for (const m of markers) {
      const b64 = m.tag === 'EXT-X-CUE-OUT-CONT' && m.value ? /(?:^|,)SCTE35=([A-Za-z0-9+/]+=*)/.exec(m.value)?.[1] : undefined;
      if (b64) return b64;
    }
  }
  return undefined;
}
