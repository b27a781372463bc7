/**
 * The RFC 6381 codec string of a track whose parameter sets travel in band:
 * the sample entry name is the string's first element (ISO/IEC 14496-15
 * E.2/E.3), so `avc1` becomes `avc3` and `hvc1` becomes `hev1`; other codecs
 * are returned unchanged.
 */
export function inBandCodecString(codecString: string): string {
  if (codecString.startsWith('avc1.')) return `avc3.${codecString.slice(5)}`;
  if (codecString.startsWith('hvc1.')) return `hev1.${codecString.slice(5)}`;
  return codecString;
}
