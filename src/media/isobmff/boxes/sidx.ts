import { ByteReader } from '../../bytes/ByteReader.ts';
import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import type { BoxHeader } from '../BoxHeader.ts';

export interface SidxReference {
  /** 0 = media (moof+mdat), 1 = another sidx. */
  referenceType: 0 | 1;
  referencedSize: number;
  subsegmentDuration: number;
  startsWithSap: boolean;
  sapType: number;
  sapDeltaTime: number;
}

export interface Sidx {
  referenceId: number;
  timescale: number;
  earliestPresentationTime: number;
  firstOffset: number;
  references: SidxReference[];
}

/**
 * SegmentIndexBox (ISO/IEC 14496-12 8.16.3); version 0 unless a time or
 * offset needs 64 bits.
 */
export function writeSidx(w: ByteWriter, v: Sidx): void {
  const long = v.earliestPresentationTime > 0xffffffff || v.firstOffset > 0xffffffff;
  const start = w.beginFullBox('sidx', long ? 1 : 0, 0);
  w.u32(v.referenceId).u32(v.timescale);
  if (long) w.u64(v.earliestPresentationTime).u64(v.firstOffset);
  else w.u32(v.earliestPresentationTime).u32(v.firstOffset);
  w.u16(0).u16(v.references.length);
  for (const ref of v.references) {
    w.u32(((ref.referenceType << 31) | ref.referencedSize) >>> 0);
    w.u32(ref.subsegmentDuration);
    w.u32(((+ref.startsWithSap << 31) | (ref.sapType << 28) | ref.sapDeltaTime) >>> 0);
  }
  w.endBox(start);
}


export function readSidx(bytes: Uint8Array, box: BoxHeader): Sidx {
  const r = new ByteReader(bytes, box.contentStart, box.end);
  const version = r.u8('sidx version');
  r.skip(3);
  const referenceId = r.u32('sidx reference_ID');
  const timescale = r.u32('sidx timescale');
  const earliestPresentationTime = version === 0 ? r.u32('sidx earliest_presentation_time') : r.u64('sidx earliest_presentation_time');
  const firstOffset = version === 0 ? r.u32('sidx first_offset') : r.u64('sidx first_offset');
  r.skip(2);
  const count = r.u16('sidx reference_count');
  const references: SidxReference[] = [];
  for (let i = 0; i < count; i++) {
    const a = r.u32('sidx referenced_size');
    const subsegmentDuration = r.u32('sidx subsegment_duration');
    const c = r.u32('sidx SAP fields');
    references.push({
      referenceType: (a >>> 31) as 0 | 1,
      referencedSize: a & 0x7fffffff,
      subsegmentDuration,
      startsWithSap: c >>> 31 === 1,
      sapType: (c >>> 28) & 7,
      sapDeltaTime: c & 0x0fffffff,
    });
  }
  return { referenceId, timescale, earliestPresentationTime, firstOffset, references };
}

export function describeSidx(v: Sidx): string {
  const lines = [`referenceId=${v.referenceId} timescale=${v.timescale} earliestPresentationTime=${v.earliestPresentationTime} firstOffset=${v.firstOffset}`];
  v.references.forEach((ref, i) => {
    lines.push(
      `  #${i} type=${ref.referenceType} size=${ref.referencedSize} dur=${ref.subsegmentDuration} sap=${ref.startsWithSap ? ref.sapType : 'none'} sapDelta=${ref.sapDeltaTime}`,
    );
  });
  return lines.join('\n');
}
