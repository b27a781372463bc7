/** Sample entry (the part before the first dot) -> MediaPackage filter value, lower-cased. */
const SAMPLE_ENTRIES: Readonly<Record<string, string>> = {
  // ISO/IEC 14496-15: H.264 with parameter sets in the sample entry or in band; Dolby Vision over AVC.
  avc1: 'h264',
  avc3: 'h264',
  dva1: 'h264',
  dvav: 'h264',
  // ISO/IEC 14496-15: H.265; Dolby Vision over HEVC.
  hvc1: 'h265',
  hev1: 'h265',
  dvh1: 'h265',
  dvhe: 'h265',
  // AV1 codec ISO media file format binding; Dolby Vision over AV1.
  av01: 'av1',
  dav1: 'av1',
  // ETSI TS 102 366 Annex F.
  'ac-3': 'ac-3',
  'ec-3': 'ec-3',
};

/**
 * The codec family MediaPackage's `video_codec` / `audio_codec` filters
 * compare (user guide, "Manifest filter query parameters": video `H264`,
 * `H265`, `AV1`; audio `AACL`, `AACH`, `AC-3`, `EC-3`), lower-cased, for an
 * RFC 6381 codecs string:
 *
 * | codecs string | family |
 * | --- | --- |
 * | `avc1.*`, `avc3.*` (and Dolby Vision `dva1`, `dvav`) | `h264` |
 * | `hvc1.*`, `hev1.*` (and Dolby Vision `dvh1`, `dvhe`) | `h265` |
 * | `av01.*` (and Dolby Vision `dav1`) | `av1` |
 * | `mp4a.40.2`, `mp4a.67` (MPEG-4 / MPEG-2 AAC LC) | `aacl` |
 * | `mp4a.40.5`, `mp4a.40.29` (HE-AAC v1 / v2: SBR, PS) | `aach` |
 * | `ac-3`, `mp4a.a5` | `ac-3` |
 * | `ec-3`, `mp4a.a6` | `ec-3` |
 *
 * Anything else (other AAC object types, unknown codecs) has no family and
 * so matches no `*_codec` value. RFC 6381 3.3: `mp4a.40.<audioObjectType>`
 * carries the ISO/IEC 14496-3 audio object type in decimal, `mp4a.<oti>`
 * the hexadecimal MP4 object type indication (0x67 MPEG-2 AAC LC, 0xA5
 * AC-3, 0xA6 E-AC-3).
 */
export function codecFamilyOf(codecString: string): string | undefined {
  const parts = codecString.trim().toLowerCase().split('.');
  const entry = parts[0];
  if (entry !== 'mp4a') return SAMPLE_ENTRIES[entry];
  const oti = parts[1];
  if (oti === '40') {
    const objectType = parts[2] !== undefined && /^[0-9]+$/.test(parts[2]) ? Number(parts[2]) : undefined;
    if (objectType === 2) return 'aacl';
    if (objectType === 5 || objectType === 29) return 'aach';
    return undefined;
  }
  if (oti === '67') return 'aacl';
  if (oti === 'a5') return 'ac-3';
  if (oti === 'a6') return 'ec-3';
  return undefined;
}
