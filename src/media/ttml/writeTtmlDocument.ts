import type { WebVttCue } from '../webvtt/WebVttCue.ts';

/**
 * A TTML document (W3C TTML 1 / IMSC 1 text profile) holding cues, for
 * Smooth Streaming text fragments (FourCC `TTML`) and other fMP4 carriage:
 * one `<p>` per cue with `begin`/`end` as media time (`hh:mm:ss.mmm`).
 * WebVTT payload markup becomes TTML styling: `<b>` and `<i>` become `span`s
 * with `tts:fontWeight` / `tts:fontStyle`, line breaks `<br/>`, other tags are
 * dropped and text is escaped.
 */
export function writeTtmlDocument(cues: readonly WebVttCue[], options: { language?: string } = {}): string {
  const lang = options.language ?? 'und';
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<tt xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling" xml:lang="${escape(lang)}">`,
    '  <body>',
    '    <div>',
  ];
  for (const cue of cues) out.push(`      <p begin="${clock(cue.startMs)}" end="${clock(cue.endMs)}">${toTtml(cue.payload)}</p>`);
  out.push('    </div>', '  </body>', '</tt>', '');
  return out.join('\n');
}

function toTtml(payload: string): string {
  let out = '';
  for (const part of payload.split(/(<[^>]*>)/)) {
    if (!part.startsWith('<')) out += escape(decodeVttEntities(part)).replace(/\n/g, '<br/>');
    else if (/^<b(\s|>)/.test(part)) out += '<span tts:fontWeight="bold">';
    else if (/^<i(\s|>)/.test(part)) out += '<span tts:fontStyle="italic">';
    else if (/^<\/[bi]>$/.test(part)) out += '</span>';
  }
  return out;
}

function decodeVttEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|nbsp|lrm|rlm);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', nbsp: '\u00a0', lrm: '\u200e', rlm: '\u200f' })[e]!);
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function clock(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  const h = Math.floor(total / 3_600_000);
  const m = Math.floor(total / 60_000) % 60;
  const s = Math.floor(total / 1000) % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(total % 1000).padStart(3, '0')}`;
}
