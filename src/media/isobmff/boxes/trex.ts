import { ByteReader } from '../../bytes/ByteReader.ts';
import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import type { BoxHeader } from '../BoxHeader.ts';

/** Per-track sample defaults for movie fragments (ISO/IEC 14496-12 8.8.3). */
export interface Trex {
  trackId: number;
  sampleDescriptionIndex: number;
  sampleDuration: number;
  sampleSize: number;
  sampleFlags: number;
}

/** TrackExtendsBox (ISO/IEC 14496-12 8.8.3). */
export function writeTrex(w: ByteWriter, v: Trex): void {
  const start = w.beginFullBox('trex', 0, 0);
  w.u32(v.trackId).u32(v.sampleDescriptionIndex).u32(v.sampleDuration).u32(v.sampleSize).u32(v.sampleFlags);
  w.endBox(start);
}

export function readTrex(bytes: Uint8Array, box: BoxHeader): Trex {
  const r = new ByteReader(bytes, box.contentStart, box.end);
  r.skip(4, 'trex version and flags');
  return {
    trackId: r.u32('trex track_ID'),
    sampleDescriptionIndex: r.u32('trex default_sample_description_index'),
    sampleDuration: r.u32('trex default_sample_duration'),
    sampleSize: r.u32('trex default_sample_size'),
    sampleFlags: r.u32('trex default_sample_flags'),
  };
}

export function describeTrex(v: Trex): string {
  return `id=${v.trackId} sampleDescriptionIndex=${v.sampleDescriptionIndex} duration=${v.sampleDuration} size=${v.sampleSize} flags=0x${v.sampleFlags.toString(16).padStart(8, '0')}`;
}
