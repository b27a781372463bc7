/**
 * The decode delay of a video track in its timescale: how far the most
 * negative composition offset reaches below zero (0 without B-frames).
 * Kinora's timeline puts a keyframe's decode time at its presentation time
 * (CMAF negative composition offsets, ISO/IEC 23000-19 7.5.17), but MPEG-TS
 * needs DTS <= PTS (ISO/IEC 13818-1 2.4.3.7), so `writeTransportStreamSegment`
 * moves every DTS back by this much. Computed over the whole track (e.g.
 * `SampleTable.compositionOffset`), it is the same for every segment, which
 * keeps DTS continuous across segments.
 */
export function computeDecodeDelay(compositionOffsets: ArrayLike<number>): number {
  let min = 0;
  for (let i = 0; i < compositionOffsets.length; i++) if (compositionOffsets[i] < min) min = compositionOffsets[i];
  return -min;
}
