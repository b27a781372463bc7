/** What the ISO/IEC 14496-15 sample form does with one NAL unit of an Annex B access unit. */
export type NalUnitRole = 'sample' | 'syncSample' | 'sps' | 'pps' | 'vps' | 'dropped';

/**
 * The role of a NAL unit given its first header byte: parameter sets go to
 * the sample entry (avcC/hvcC), AUDs, filler data and end of sequence/stream
 * are dropped (ISO/IEC 14496-15 5.3.2 / 8.3.2), everything else (slices, SEI)
 * stays in the sample; `syncSample` marks an IDR slice (H.264 nal_unit_type 5)
 * or an IRAP picture (H.265 nal_unit_type 16..23). Ingest (sizes in the
 * index) and the origin (sample bytes) both decide through this one function,
 * so they cannot disagree about which bytes a sample holds.
 */
export function nalUnitRole(header: number, codec: 'avc' | 'hevc'): NalUnitRole {
  if (codec === 'avc') {
    const type = header & 0x1f;
    if (type === 7) return 'sps';
    if (type === 8) return 'pps';
    if (type === 9 || type === 10 || type === 11 || type === 12) return 'dropped';
    return type === 5 ? 'syncSample' : 'sample';
  }
  const type = (header >> 1) & 0x3f;
  if (type === 32) return 'vps';
  if (type === 33) return 'sps';
  if (type === 34) return 'pps';
  if (type >= 35 && type <= 38) return 'dropped'; // AUD, EOS, EOB, FD
  return type >= 16 && type <= 23 ? 'syncSample' : 'sample';
}
