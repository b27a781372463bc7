import type { Ac3FrameHeader } from './Ac3FrameHeader.ts';

/** One syncframe: its header and the whole frame's bytes (syncword included: AC-3 payloads in ISO BMFF and TS keep it). */
export interface Ac3Frame {
  header: Ac3FrameHeader;
  data: Uint8Array;
}
