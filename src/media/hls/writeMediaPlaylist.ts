import type { TrackTimeline } from '../model/Presentation.ts';
import { quotedString } from './quotedString.ts';
import type { HlsKey } from '../cenc/HlsKey.ts';
import { writeHlsKeyAttributes } from '../cenc/writeHlsKeyAttributes.ts';

/**
 * Writes the VOD Media Playlist of one track (RFC 8216 4.3.3):
 * `EXT-X-TARGETDURATION` is the largest segment duration rounded to the
 * nearest integer (4.3.3.1 requires every `EXTINF`, so rounded, to be at most
 * the target; never below 1), `EXT-X-PLAYLIST-TYPE:VOD` (4.3.3.5),
 * `EXT-X-MEDIA-SEQUENCE` (4.3.3.2), `EXT-X-INDEPENDENT-SEGMENTS` (4.3.5.1),
 * `EXT-X-MAP` when the output is fMP4 (4.3.2.5), `EXTINF` with 5 decimals
 * (4.3.2.1; version 3 and up allow decimal durations), `EXT-X-ENDLIST`.
 * Encrypted output gets its `EXT-X-KEY` tags (4.3.2.4) after `EXT-X-MAP`
 * (the initialisation section stays clear), once, or before every segment
 * with `repeat` (MediaPackage's `repeatExtXKey`).
 *
 * Runs per request, so it builds one array and joins it once.
 */
export function writeMediaPlaylist(
  timeline: TrackTimeline,
  options: {
    /** URI of a segment, relative to this playlist. */
    segmentUri: (segmentNumber: number) => string;
    /** Initialization segment URI; writes `EXT-X-MAP` when set. */
    initUri?: string;
    /** `EXT-X-VERSION`; default 7 with `initUri` (fMP4), else 3 (decimal `EXTINF`), or 5 when a key has KEYFORMAT or KEYFORMATVERSIONS (RFC 8216 7: HLS-TS SAMPLE-AES `identity`). */
    version?: number;
    /** `EXT-X-MEDIA-SEQUENCE`; default the number of the first segment (1). */
    mediaSequence?: number;
    /**
     * `EXT-X-PROGRAM-DATE-TIME` (4.3.2.6): the wall-clock time of the
     * timeline's time 0 (ms since the epoch), written before the first
     * segment and then before the first segment at least `intervalSeconds`
     * of media after the last one written (MediaPackage's
     * `programDateTimeIntervalSeconds`).
     */
    programDateTime?: { epochMs: number; intervalSeconds: number };
    /** `EXT-X-KEY` tags (several when several KEYFORMATs describe the same key). */
    keys?: { tags: readonly HlsKey[]; repeat?: boolean };
    /** Whole tag lines to write before a segment (segment number -> lines): ad markers (`planHlsAdMarkers`). */
    linesBefore?: ReadonlyMap<number, readonly string[]>;
  },
): string {
  const { segments } = timeline;
  const timescale = timeline.track.timescale;
  let target = 1;
  for (const segment of segments) {
    const rounded = Math.round(segment.duration / timescale);
    if (rounded > target) target = rounded;
  }
  const keyFormats = (options.keys?.tags ?? []).some((key) => key.keyFormat !== undefined || key.keyFormatVersions !== undefined);
  const lines: string[] = [
    '#EXTM3U',
    `#EXT-X-VERSION:${options.version ?? (options.initUri !== undefined ? 7 : keyFormats ? 5 : 3)}`,
    `#EXT-X-TARGETDURATION:${target}`,
    `#EXT-X-MEDIA-SEQUENCE:${options.mediaSequence ?? segments[0]?.number ?? 1}`,
    '#EXT-X-PLAYLIST-TYPE:VOD',
    '#EXT-X-INDEPENDENT-SEGMENTS',
  ];
  if (options.initUri !== undefined) lines.push(`#EXT-X-MAP:URI=${quotedString(options.initUri)}`);
  const keyLines = (options.keys?.tags ?? []).map((key) => `#EXT-X-KEY:${writeHlsKeyAttributes(key)}`);
  const repeatKeys = options.keys?.repeat === true;
  if (!repeatKeys) lines.push(...keyLines);
  const { segmentUri } = options;
  // Most segments share a handful of durations; formatting each once halves the cost.
  const extinfByDuration = new Map<number, string>();
  const pdt = options.programDateTime;
  let nextPdt = -Infinity;
  for (const segment of segments) {
    if (pdt !== undefined && segment.startTime >= nextPdt) {
      lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(pdt.epochMs + Math.round((segment.startTime * 1000) / timescale)).toISOString()}`);
      nextPdt = segment.startTime + pdt.intervalSeconds * timescale;
    }
    if (repeatKeys) lines.push(...keyLines);
    const before = options.linesBefore?.get(segment.number);
    if (before) lines.push(...before);
    let extinf = extinfByDuration.get(segment.duration);
    if (extinf === undefined) {
      extinf = `#EXTINF:${(segment.duration / timescale).toFixed(5)},`;
      extinfByDuration.set(segment.duration, extinf);
    }
    lines.push(extinf, segmentUri(segment.number));
  }
  lines.push('#EXT-X-ENDLIST', '');
  return lines.join('\n');
}
