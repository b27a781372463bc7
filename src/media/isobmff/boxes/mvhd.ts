import { ByteReader } from '../../bytes/ByteReader.ts';
import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import type { BoxHeader } from '../BoxHeader.ts';
import { writeUnityMatrix } from './unityMatrix.ts';

export interface Mvhd {
  timescale: number;
  duration: number;
  nextTrackId: number;
}

/**
 * MovieHeaderBox (ISO/IEC 14496-12 8.2.2), version 0. A fragmented file's
 * movie header carries duration 0: the duration lives in the fragments (CMAF,
 * ISO/IEC 23000-19 7.5.1).
 */
export function writeMvhd(w: ByteWriter, v: Mvhd): void {
  const start = w.beginFullBox('mvhd', 0, 0);
  w.u32(0).u32(0); // creation_time, modification_time: 0 keeps output reproducible
  w.u32(v.timescale).u32(v.duration);
  w.u32(0x00010000); // rate 1.0
  w.u16(0x0100); // volume 1.0
  w.zeros(2 + 8); // reserved
  writeUnityMatrix(w);
  w.zeros(24); // pre_defined
  w.u32(v.nextTrackId);
  w.endBox(start);
}

export function readMvhd(bytes: Uint8Array, box: BoxHeader): Mvhd {
  const r = new ByteReader(bytes, box.contentStart, box.end);
  const version = r.u8('mvhd version');
  r.skip(3);
  let timescale: number;
  let duration: number;
  if (version === 1) {
    r.skip(16);
    timescale = r.u32('mvhd timescale');
    duration = r.u64('mvhd duration');
  } else {
    r.skip(8);
    timescale = r.u32('mvhd timescale');
    duration = r.u32('mvhd duration');
  }
  r.skip(4 + 2 + 10 + 36 + 24, 'mvhd fields');
  return { timescale, duration, nextTrackId: r.u32('mvhd next_track_ID') };
}

export function describeMvhd(v: Mvhd): string {
  return `timescale=${v.timescale} duration=${v.duration} nextTrackId=${v.nextTrackId}`;
}
