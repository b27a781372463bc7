import type { WebVttCue } from './WebVttCue.ts';

/**
 * Writes one WebVTT segment for HLS (RFC 8216 3.5): the signature, an
 * `X-TIMESTAMP-MAP` header mapping LOCAL 0 to `mpegts90k`, and the cues with
 * times in the segment's timeline (milliseconds). An empty cue list gives a
 * valid file with no cues, as HLS needs for segments without subtitles.
 */
export function writeWebVtt(cues: readonly WebVttCue[], options: { mpegts90k: number }): string {
  const out = ['WEBVTT', `X-TIMESTAMP-MAP=MPEGTS:${options.mpegts90k},LOCAL:00:00:00.000`, ''];
  for (const cue of cues) {
    if (cue.id !== undefined) out.push(cue.id);
    out.push(`${formatTimestamp(cue.startMs)} --> ${formatTimestamp(cue.endMs)}${cue.settings ? ` ${cue.settings}` : ''}`, cue.payload, '');
  }
  return out.join('\n');
}

/** `hh:mm:ss.ttt` (WebVTT 4.5), hours unbounded. */
export function formatTimestamp(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  const h = Math.floor(total / 3_600_000);
  const m = Math.floor(total / 60_000) % 60;
  const s = Math.floor(total / 1000) % 60;
  const t = total % 1000;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(t).padStart(3, '0')}`;
}
