import { ByteReader } from '../../bytes/ByteReader.ts';
import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import type { BoxHeader } from '../BoxHeader.ts';
import { sampleFlags } from '../sampleFlags.ts';

/** tr_flags of `trun` (ISO/IEC 14496-12 8.8.8.1). */
export const trunFlags = {
  dataOffsetPresent: 0x000001,
  firstSampleFlagsPresent: 0x000004,
  sampleDurationPresent: 0x000100,
  sampleSizePresent: 0x000200,
  sampleFlagsPresent: 0x000400,
  sampleCompositionTimeOffsetsPresent: 0x000800,
} as const;

/** One `trun` entry; absent fields fall back to tfhd, then trex defaults. */
export interface TrunSample {
  duration?: number;
  size?: number;
  flags?: number;
  compositionOffset?: number;
}

export interface Trun {
  version: number;
  flags: number;
  dataOffset?: number;
  firstSampleFlags?: number;
  samples: TrunSample[];
}

/** What `writeTrun` needs of a sample. */
export interface TrunInput {
  duration: number;
  compositionOffset: number;
  isSync: boolean;
  data: { byteLength: number };
}

/**
 * TrackRunBox (ISO/IEC 14496-12 8.8.8), version 1 (signed composition
 * offsets, so the first presented sample can sit at the decode time without an
 * edit list: CMAF ISO/IEC 23000-19 7.5.16) with data_offset, and per sample
 * duration, size, flags and composition offset.
 * Returns the byte position of data_offset, written as 0, for the caller to
 * patch with `patchU32` once the `moof` size is known.
 */
export function writeTrun(w: ByteWriter, samples: readonly TrunInput[]): number {
  const flags =
    trunFlags.dataOffsetPresent |
    trunFlags.sampleDurationPresent |
    trunFlags.sampleSizePresent |
    trunFlags.sampleFlagsPresent |
    trunFlags.sampleCompositionTimeOffsetsPresent;
  const start = w.beginFullBox('trun', 1, flags);
  w.u32(samples.length);
  const dataOffsetAt = w.length;
  w.i32(0);
  for (const s of samples) {
    w.u32(s.duration).u32(s.data.byteLength).u32(s.isSync ? sampleFlags.sync : sampleFlags.nonSync).i32(s.compositionOffset);
  }
  w.endBox(start);
  return dataOffsetAt;
}

export function readTrun(bytes: Uint8Array, box: BoxHeader): Trun {
  const r = new ByteReader(bytes, box.contentStart, box.end);
  const version = r.u8('trun version');
  const flags = r.u24('trun flags');
  const count = r.u32('trun sample_count');
  const trun: Trun = { version, flags, samples: [] };
  if (flags & trunFlags.dataOffsetPresent) trun.dataOffset = r.i32('trun data_offset');
  if (flags & trunFlags.firstSampleFlagsPresent) trun.firstSampleFlags = r.u32('trun first_sample_flags');
  const hasDuration = (flags & trunFlags.sampleDurationPresent) !== 0;
  const hasSize = (flags & trunFlags.sampleSizePresent) !== 0;
  const hasFlags = (flags & trunFlags.sampleFlagsPresent) !== 0;
  const hasCto = (flags & trunFlags.sampleCompositionTimeOffsetsPresent) !== 0;
  const entrySize = 4 * (+hasDuration + +hasSize + +hasFlags + +hasCto);
  if (entrySize * count > r.remaining) {
    r.skip(entrySize * count, `trun: ${count} samples of ${entrySize} bytes`);
  }
  for (let i = 0; i < count; i++) {
    const s: TrunSample = {};
    if (hasDuration) s.duration = r.u32();
    if (hasSize) s.size = r.u32();
    if (hasFlags) s.flags = r.u32();
    if (hasCto) {
      const u = r.u32();
      // Version 0 is unsigned by the spec, but some muxers write negative
      // offsets there; no real offset is >= 2^31 ticks, so read those as signed.
      s.compositionOffset = version === 0 && u < 0x8000_0000 ? u : u | 0;
    }
    trun.samples.push(s);
  }
  return trun;
}

function flagsText(f: number): string {
  return (f & sampleFlags.isNonSyncBit) === 0 ? 'sync' : 'non-sync';
}

/** One header line, then one line per sample (`#0 dur=3600 size=1234 flags=sync cto=7200`). */
export function describeTrun(v: Trun): string {
  const head = [`version=${v.version}`, `flags=0x${v.flags.toString(16).padStart(6, '0')}`, `samples=${v.samples.length}`];
  if (v.dataOffset !== undefined) head.push(`dataOffset=${v.dataOffset}`);
  if (v.firstSampleFlags !== undefined) head.push(`firstSampleFlags=${flagsText(v.firstSampleFlags)}`);
  const lines = [head.join(' ')];
  v.samples.forEach((s, i) => {
    const parts = [`#${i}`];
    if (s.duration !== undefined) parts.push(`dur=${s.duration}`);
    if (s.size !== undefined) parts.push(`size=${s.size}`);
    if (s.flags !== undefined) parts.push(`flags=${flagsText(s.flags)}`);
    if (s.compositionOffset !== undefined) parts.push(`cto=${s.compositionOffset}`);
    lines.push(`  ${parts.join(' ')}`);
  });
  return lines.join('\n');
}
