/**
 * Sample aspect ratios of aspect_ratio_idc 1..16 (ITU-T H.264 Table E-1,
 * identical in ITU-T H.265 Table E-1); index 0 is "unspecified" and 255 is
 * Extended_SAR (explicit sar_width/sar_height).
 */
export const sampleAspectRatio: readonly (readonly [number, number])[] = [
  [1, 1], [1, 1], [12, 11], [10, 11], [16, 11], [40, 33], [24, 11], [20, 11], [32, 11],
  [80, 33], [18, 11], [15, 11], [64, 33], [160, 99], [4, 3], [3, 2], [2, 1],
];
