import { ByteReader } from '../../bytes/ByteReader.ts';
import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import type { BoxHeader } from '../BoxHeader.ts';

/** tf_flags of `tfhd` (ISO/IEC 14496-12 8.8.7.1). */
export const tfhdFlags = {
  baseDataOffsetPresent: 0x000001,
  sampleDescriptionIndexPresent: 0x000002,
  defaultSampleDurationPresent: 0x000008,
  defaultSampleSizePresent: 0x000010,
  defaultSampleFlagsPresent: 0x000020,
  durationIsEmpty: 0x010000,
  defaultBaseIsMoof: 0x020000,
} as const;

export interface Tfhd {
  flags: number;
  trackId: number;
  baseDataOffset?: number;
  sampleDescriptionIndex?: number;
  defaultSampleDuration?: number;
  defaultSampleSize?: number;
  defaultSampleFlags?: number;
}

/** TrackFragmentHeaderBox (ISO/IEC 14496-12 8.8.7): optional fields are written when `flags` announces them. */
export function writeTfhd(w: ByteWriter, v: Tfhd): void {
  const start = w.beginFullBox('tfhd', 0, v.flags);
  w.u32(v.trackId);
  if (v.flags & tfhdFlags.baseDataOffsetPresent) w.u64(v.baseDataOffset ?? 0);
  if (v.flags & tfhdFlags.sampleDescriptionIndexPresent) w.u32(v.sampleDescriptionIndex ?? 1);
  if (v.flags & tfhdFlags.defaultSampleDurationPresent) w.u32(v.defaultSampleDuration ?? 0);
  if (v.flags & tfhdFlags.defaultSampleSizePresent) w.u32(v.defaultSampleSize ?? 0);
  if (v.flags & tfhdFlags.defaultSampleFlagsPresent) w.u32(v.defaultSampleFlags ?? 0);
  w.endBox(start);
}

export function readTfhd(bytes: Uint8Array, box: BoxHeader): Tfhd {
  const r = new ByteReader(bytes, box.contentStart, box.end);
  r.skip(1, 'tfhd version');
  const flags = r.u24('tfhd flags');
  const v: Tfhd = { flags, trackId: r.u32('tfhd track_ID') };
  if (flags & tfhdFlags.baseDataOffsetPresent) v.baseDataOffset = r.u64('tfhd base_data_offset');
  if (flags & tfhdFlags.sampleDescriptionIndexPresent) v.sampleDescriptionIndex = r.u32('tfhd sample_description_index');
  if (flags & tfhdFlags.defaultSampleDurationPresent) v.defaultSampleDuration = r.u32('tfhd default_sample_duration');
  if (flags & tfhdFlags.defaultSampleSizePresent) v.defaultSampleSize = r.u32('tfhd default_sample_size');
  if (flags & tfhdFlags.defaultSampleFlagsPresent) v.defaultSampleFlags = r.u32('tfhd default_sample_flags');
  return v;
}

export function describeTfhd(v: Tfhd): string {
  const parts = [`id=${v.trackId}`, `flags=0x${v.flags.toString(16).padStart(6, '0')}`];
  if (v.flags & tfhdFlags.defaultBaseIsMoof) parts.push('default-base-is-moof');
  if (v.baseDataOffset !== undefined) parts.push(`baseDataOffset=${v.baseDataOffset}`);
  if (v.sampleDescriptionIndex !== undefined) parts.push(`sampleDescriptionIndex=${v.sampleDescriptionIndex}`);
  if (v.defaultSampleDuration !== undefined) parts.push(`defaultDuration=${v.defaultSampleDuration}`);
  if (v.defaultSampleSize !== undefined) parts.push(`defaultSize=${v.defaultSampleSize}`);
  if (v.defaultSampleFlags !== undefined) parts.push(`defaultFlags=0x${v.defaultSampleFlags.toString(16).padStart(8, '0')}`);
  return parts.join(' ');
}
