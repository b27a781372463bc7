/** One video access unit converted from Annex B to ISO/IEC 14496-15 sample form. */
export interface VideoAccessUnit {
  /** NAL units, each preceded by a 4-byte big-endian length; parameter sets, AUDs, filler and end-of-sequence/stream removed, SEI kept. */
  data: Uint8Array;
  /** AVC: an IDR slice (nal_unit_type 5) is present; HEVC: an IRAP picture (nal_unit_type 16..23). */
  isSync: boolean;
  /** Parameter sets found in the access unit, as views into the PES payload. */
  sps: Uint8Array[];
  pps: Uint8Array[];
  vps: Uint8Array[];
}
