import { ByteReader } from '../../bytes/ByteReader.ts';
import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import type { BoxHeader } from '../BoxHeader.ts';
import { writeUnityMatrix } from './unityMatrix.ts';

export interface Tkhd {
  trackId: number;
  flags: number;
  duration: number;
  /** 0x0100 (1.0) for audio, 0 otherwise. */
  volume: number;
  /** Presentation size in pixels (the 16.16 fields' integer part may carry a fraction; kept as a float). */
  width: number;
  height: number;
}

/** TrackHeaderBox (ISO/IEC 14496-12 8.3.2), version 0; width and height are written as 16.16 fixed point. */
export function writeTkhd(w: ByteWriter, v: Tkhd): void {
  const start = w.beginFullBox('tkhd', 0, v.flags);
  w.u32(0).u32(0); // creation_time, modification_time
  w.u32(v.trackId).u32(0).u32(v.duration);
  w.zeros(8); // reserved
  w.u16(0).u16(0); // layer, alternate_group
  w.u16(v.volume).u16(0);
  writeUnityMatrix(w);
  w.u32(Math.round(v.width * 65536)).u32(Math.round(v.height * 65536));
  w.endBox(start);
}

export function readTkhd(bytes: Uint8Array, box: BoxHeader): Tkhd {
  const r = new ByteReader(bytes, box.contentStart, box.end);
  const version = r.u8('tkhd version');
  const flags = r.u24('tkhd flags');
  let trackId: number;
  let duration: number;
  if (version === 1) {
    r.skip(16);
    trackId = r.u32('tkhd track_ID');
    r.skip(4);
    duration = r.u64('tkhd duration');
  } else {
    r.skip(8);
    trackId = r.u32('tkhd track_ID');
    r.skip(4);
    duration = r.u32('tkhd duration');
  }
  r.skip(8 + 4, 'tkhd reserved, layer, alternate_group');
  const volume = r.u16('tkhd volume');
  r.skip(2 + 36, 'tkhd matrix');
  const width = r.u32('tkhd width') / 65536;
  const height = r.u32('tkhd height') / 65536;
  return { trackId, flags, duration, volume, width, height };
}

export function describeTkhd(v: Tkhd): string {
  return `id=${v.trackId} flags=0x${v.flags.toString(16)} duration=${v.duration} volume=0x${v.volume.toString(16)} width=${v.width} height=${v.height}`;
}
