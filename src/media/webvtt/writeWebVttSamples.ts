import { ByteWriter } from '../bytes/ByteWriter.ts';
import { writeVttc, writeVtte } from '../isobmff/boxes/vttc.ts';
import type { Sample } from '../model/Sample.ts';
import type { WebVttCue } from './WebVttCue.ts';

/**
 * Turns the cues overlapping [startMs, endMs) into ISO/IEC 14496-30 WebVTT
 * samples (7.2, 7.3): the interval is cut at every cue start and end, and
 * each piece becomes one sample holding a `vttc` per cue active in it, or a
 * `vtte` when none is. Samples are contiguous and cover the interval exactly,
 * so a track fragment's duration equals the segment's (timescale: ms).
 * Cues are clipped to the interval; repeated in the next segment if they span it.
 */
export function writeWebVttSamples(cues: readonly WebVttCue[], startMs: number, endMs: number): Sample[] {
  const active = cues.filter((c) => c.endMs > startMs && c.startMs < endMs);
  const edges = new Set<number>([startMs, endMs]);
  for (const c of active) {
    edges.add(Math.max(c.startMs, startMs));
    edges.add(Math.min(c.endMs, endMs));
  }
  const times = [...edges].sort((a, b) => a - b);
  const samples: Sample[] = [];
  for (let i = 0; i + 1 < times.length; i++) {
    const from = times[i];
    const to = times[i + 1];
    if (to <= from) continue;
    const w = new ByteWriter(256);
    const showing = active.filter((c) => c.startMs <= from && c.endMs >= to);
    if (showing.length === 0) writeVtte(w);
    else for (const c of showing) writeVttc(w, c);
    samples.push({ decodeTime: from, compositionOffset: 0, duration: to - from, isSync: true, data: w.finish() });
  }
  return samples;
}
