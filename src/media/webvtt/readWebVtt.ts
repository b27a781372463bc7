import { MediaError } from '../errors/MediaError.ts';
import type { WebVttCue } from './WebVttCue.ts';

/** A parsed WebVTT file: HLS `X-TIMESTAMP-MAP` (RFC 8216 3.5) and cues with their byte ranges. */
export interface WebVttFile {
  /** Maps the file's LOCAL time to an MPEG-2 90 kHz time: `mpegts` ticks equal `localMs` ms. */
  timestampMap?: { mpegts: number; localMs: number };
  cues: (WebVttCue & { byteStart: number; byteEnd: number })[];
}

/** A file larger than this is not subtitles; refusing it bounds memory and time. */
const MAX_BYTES = 4 << 20;
const TIMING = /^((?:\d{2,}:)?\d{2}:\d{2}\.\d{3})[ \t]+-->[ \t]+((?:\d{2,}:)?\d{2}:\d{2}\.\d{3})(?:[ \t]+(.*))?$/;

/**
 * Reads a WebVTT file (W3C WebVTT 6.1 parsing, the parts a segmenter uses):
 * the `WEBVTT` signature, header lines (only `X-TIMESTAMP-MAP` is kept),
 * then cue blocks; `NOTE`, `STYLE` and `REGION` blocks are skipped. Byte
 * ranges are of the UTF-8 bytes of each cue block, so an index can point at
 * cues the way it points at video samples.
 */
export function readWebVtt(bytes: Uint8Array): WebVttFile {
  if (bytes.byteLength > MAX_BYTES) throw new MediaError('MALFORMED', `a WebVTT file of ${bytes.byteLength} bytes is over the ${MAX_BYTES}-byte limit`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new MediaError('MALFORMED', 'WebVTT file is not valid UTF-8');
  }
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (!/^WEBVTT(?:[ \t].*)?$/.test(firstLine(text, bom))) {
    throw new MediaError('MALFORMED', `expected a WebVTT file starting with "WEBVTT", found ${JSON.stringify(text.slice(bom, bom + 20))}`);
  }
  // Work on lines with their UTF-8 byte offsets.
  const encoder = new TextEncoder();
  const lines: { text: string; byteStart: number; byteEnd: number }[] = [];
  let byte = bom ? 3 : 0;
  for (const raw of text.slice(bom).split(/(?<=\n)/)) {
    const length = encoder.encode(raw).byteLength;
    lines.push({ text: raw.replace(/\r?\n$/, '').replace(/\r$/, ''), byteStart: byte, byteEnd: byte + length });
    byte += length;
  }
  const out: WebVttFile = { cues: [] };
  let i = 1;
  for (; i < lines.length && lines[i].text !== ''; i++) {
    const m = /^X-TIMESTAMP-MAP=(.*)$/.exec(lines[i].text);
    if (m) out.timestampMap = readTimestampMap(m[1]);
  }
  while (i < lines.length) {
    while (i < lines.length && lines[i].text.trim() === '') i++;
    if (i >= lines.length) break;
    const blockStart = i;
    while (i < lines.length && lines[i].text.trim() !== '') i++;
    const block = lines.slice(blockStart, i);
    const head = block[0].text;
    if (/^(NOTE|STYLE|REGION)(?:[ \t]|$)/.test(head)) continue;
    const timingAt = TIMING.test(head) ? 0 : 1;
    const timing = TIMING.exec(block[timingAt]?.text ?? '');
    if (!timing) throw new MediaError('MALFORMED', `WebVTT cue at byte ${block[0].byteStart}: expected "start --> end" timings, found ${JSON.stringify(block[timingAt]?.text ?? '')}`, { offset: block[0].byteStart });
    const startMs = readTimestamp(timing[1]);
    const endMs = readTimestamp(timing[2]);
    if (endMs <= startMs) throw new MediaError('MALFORMED', `WebVTT cue at byte ${block[0].byteStart} ends (${timing[2]}) at or before it starts (${timing[1]})`, { offset: block[0].byteStart });
    out.cues.push({
      id: timingAt === 1 ? head : undefined,
      startMs,
      endMs,
      settings: timing[3]?.trim() ?? '',
      payload: block.slice(timingAt + 1).map((l) => l.text).join('\n'),
      byteStart: block[0].byteStart,
      byteEnd: block[block.length - 1].byteEnd,
    });
  }
  return out;
}

function firstLine(text: string, from: number): string {
  const end = text.indexOf('\n', from);
  return text.slice(from, end < 0 ? undefined : end).replace(/\r$/, '');
}

/** `hh:mm:ss.ttt` or `mm:ss.ttt` in milliseconds (WebVTT 4.5). */
export function readTimestamp(value: string): number {
  const parts = value.split(':');
  const [seconds, ms] = parts[parts.length - 1].split('.');
  const minutes = Number(parts[parts.length - 2]);
  const hours = parts.length === 3 ? Number(parts[0]) : 0;
  if (minutes > 59 || Number(seconds) > 59) throw new MediaError('MALFORMED', `WebVTT timestamp ${value} has minutes or seconds over 59`);
  return ((hours * 60 + minutes) * 60 + Number(seconds)) * 1000 + Number(ms);
}

/** RFC 8216 3.5: `MPEGTS:<90 kHz>,LOCAL:<WebVTT time>`, in either order. */
function readTimestampMap(value: string): { mpegts: number; localMs: number } {
  let mpegts: number | undefined;
  let localMs: number | undefined;
  for (const part of value.split(',')) {
    const [key, v] = part.split(/:(.*)/s);
    if (key.trim() === 'MPEGTS' && /^\d+$/.test(v.trim())) mpegts = Number(v.trim());
    else if (key.trim() === 'LOCAL') localMs = readTimestamp(v.trim());
  }
  if (mpegts === undefined || localMs === undefined) throw new MediaError('MALFORMED', `X-TIMESTAMP-MAP=${value}: expected MPEGTS:<ticks>,LOCAL:<time>`);
  return { mpegts, localMs };
}
