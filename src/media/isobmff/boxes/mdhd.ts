import { ByteReader } from '../../bytes/ByteReader.ts';
import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import { MediaError } from '../../errors/MediaError.ts';
import type { BoxHeader } from '../BoxHeader.ts';

export interface Mdhd {
  timescale: number;
  duration: number;
  /** ISO 639-2/T three-letter lower-case code, `und` when unknown. */
  language: string;
}

/**
 * MediaHeaderBox (ISO/IEC 14496-12 8.4.2), version 0 (version 1 when the
 * duration needs 64 bits). The language is packed as three 5-bit letters,
 * each `char - 0x60`, after one pad bit.
 */
export function writeMdhd(w: ByteWriter, v: Mdhd): void {
  if (!/^[a-z]{3}$/.test(v.language)) {
    throw new MediaError('MALFORMED', `mdhd language: expected three lower-case ISO 639-2 letters, found '${v.language}'`);
  }
  const long = v.duration > 0xffffffff;
  const start = w.beginFullBox('mdhd', long ? 1 : 0, 0);
  if (long) w.u64(0).u64(0).u32(v.timescale).u64(v.duration);
  else w.u32(0).u32(0).u32(v.timescale).u32(v.duration);
  const c = (i: number): number => v.language.charCodeAt(i) - 0x60;
  w.u16((c(0) << 10) | (c(1) << 5) | c(2));
  w.u16(0); // pre_defined
  w.endBox(start);
}

export function readMdhd(bytes: Uint8Array, box: BoxHeader): Mdhd {
  const r = new ByteReader(bytes, box.contentStart, box.end);
  const version = r.u8('mdhd version');
  r.skip(3);
  let timescale: number;
  let duration: number;
  if (version === 1) {
    r.skip(16);
    timescale = r.u32('mdhd timescale');
    duration = r.u64('mdhd duration');
  } else {
    r.skip(8);
    timescale = r.u32('mdhd timescale');
    duration = r.u32('mdhd duration');
  }
  const packed = r.u16('mdhd language');
  const letters = [(packed >> 10) & 0x1f, (packed >> 5) & 0x1f, packed & 0x1f];
  // All-zero (seen in some muxers' output) is not a language: treat as undetermined.
  const language = letters.every((l) => l >= 1 && l <= 26) ? String.fromCharCode(...letters.map((l) => l + 0x60)) : 'und';
  return { timescale, duration, language };
}

export function describeMdhd(v: Mdhd): string {
  return `timescale=${v.timescale} duration=${v.duration} language=${v.language}`;
}
