/**
 * Columnar per-sample metadata of one source track (nginx-vod-module keeps
 * frames as `{offset, size}` references the same way): enough to plan
 * segments and to range-read exactly the bytes one output segment needs,
 * without holding any sample payload.
 *
 * Times are ticks of the track timescale, already in the output timeline:
 * `decodeTime` is the source DTS shifted so that the first sync sample's
 * decode time equals its presentation time (CMAF's negative-composition-offset
 * form, ISO/IEC 23000-19 7.5.17) and rebased so the presentation starts near 0.
 *
 * Source location: `file` indexes `SourceIndex.files`; for MPEG-TS sources
 * `offset`/`end` span the TS packets of the PES carrying the sample (several
 * audio frames share one PES: `part` tells which frame of it); for fMP4
 * sources `offset` is the first byte of the sample data and `end - offset == size`.
 */
export interface SampleTable {
  count: number;
  decodeTime: Float64Array;
  compositionOffset: Int32Array;
  duration: Uint32Array;
  size: Uint32Array;
  /** bit 0: sync sample (IDR / IRAP / every audio frame). */
  flags: Uint8Array;
  file: Uint32Array;
  offset: Float64Array;
  end: Float64Array;
  /** Index of the sample within its PES (TS audio); 0 otherwise. */
  part: Uint16Array;
}

export const SAMPLE_SYNC = 1;
