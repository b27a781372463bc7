import type { PesPacket } from './PesPacket.ts';
import type { TsElementaryStream } from './TsElementaryStream.ts';

/** What `demuxTransportStream` found in a run of transport packets. */
export interface TsDemuxResult {
  /** Elementary streams of the first PMT, in PMT order. */
  streams: TsElementaryStream[];
  /** Every PES of those streams (restricted to `options.pids` if given), in order of their first TS packet. */
  pes: PesPacket[];
  /** Continuity counter gaps (ISO/IEC 13818-1 2.4.3.3), reported rather than thrown: the PES around them may be damaged. */
  continuityErrors: { pid: number; offset: number; expected: number; found: number }[];
}
