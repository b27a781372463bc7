import type { TsCodec } from './TsCodec.ts';

/** An elementary stream listed in the PMT (ISO/IEC 13818-1 2.4.4.8). */
export interface TsElementaryStream {
  pid: number;
  streamType: number;
  codec: TsCodec;
}
