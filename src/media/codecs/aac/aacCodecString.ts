/**
 * The RFC 6381 codecs parameter of an MPEG-4 audio track: `mp4a.40.<audioObjectType>`
 * (0x40 = ISO/IEC 14496-3 objectTypeIndication, RFC 6381 3.3), e.g. `mp4a.40.2` for AAC LC.
 */
export function aacCodecString(objectType: number): string {
  return `mp4a.40.${objectType}`;
}
