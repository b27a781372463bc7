import type { Ac3Frame } from './Ac3Frame.ts';

/**
 * One access unit of 1536 PCM samples (ETSI TS 102 366 F.2/F.5, the ISO
 * BMFF sample): an AC-3 syncframe, or the E-AC-3 syncframes of every
 * substream that together cover six audio blocks. `data` spans all of them.
 */
export interface Ac3Sample {
  frames: Ac3Frame[];
  data: Uint8Array;
}
