import type { TsCodec } from './TsCodec.ts';

/** A program map table (ISO/IEC 13818-1 2.4.4.8). */
export interface Pmt {
  programNumber: number;
  versionNumber: number;
  currentNextIndicator: boolean;
  pcrPid: number;
  /** Elementary streams in table order. `esInfo` holds the raw descriptors (a view). */
  streams: { streamType: number; pid: number; codec: TsCodec; esInfo: Uint8Array }[];
}
