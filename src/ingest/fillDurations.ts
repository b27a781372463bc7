import type { SampleTable } from '../media/index/SampleTable.ts';

/**
 * Sets each sample's duration to the distance to the next decode time. The
 * last sample repeats its predecessor's duration (or `lastDuration`, e.g.
 * 1024 for AAC) because nothing follows it to measure against.
 */
export function fillDurations(samples: SampleTable, lastDuration: number | undefined): void {
  const n = samples.count;
  for (let i = 0; i + 1 < n; i++) {
    const d = samples.decodeTime[i + 1] - samples.decodeTime[i];
    samples.duration[i] = d > 0 ? d : i > 0 ? samples.duration[i - 1] : 1;
  }
  if (n > 0) samples.duration[n - 1] = lastDuration ?? (n > 1 ? samples.duration[n - 2] : 1);
}
