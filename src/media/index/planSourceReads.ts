import type { IndexedTrack } from './SourceIndex.ts';

/** One contiguous byte range of one source file. */
export interface SourceRead {
  file: number;
  start: number;
  end: number;
}

/** Reads closer than this are merged: one request beats two for a few KB of waste. */
const MERGE_GAP = 64 * 1024;

/**
 * The byte ranges that hold samples [first, end) of a track — and nothing
 * else but small gaps. For TS sources the ranges cover the PES packets (to
 * be demuxed again); for fMP4 they cover the sample data itself.
 */
export function planSourceReads(t: IndexedTrack, first: number, end: number): SourceRead[] {
  const s = t.samples;
  const reads: SourceRead[] = [];
  for (let i = first; i < end; i++) {
    const file = s.file[i];
    const start = s.offset[i];
    const stop = s.end[i];
    const last = reads[reads.length - 1];
    if (last && last.file === file && start <= last.end + MERGE_GAP && stop >= last.start) {
      if (start < last.start) last.start = start;
      if (stop > last.end) last.end = stop;
    } else {
      reads.push({ file, start, end: stop });
    }
  }
  return reads;
}
