/** The 4-byte transport packet header (ISO/IEC 13818-1 2.4.3.2). */
export interface TsPacketHeader {
  transportErrorIndicator: boolean;
  payloadUnitStartIndicator: boolean;
  transportPriority: boolean;
  pid: number;
  transportScramblingControl: number;
  /** 1 payload only, 2 adaptation field only, 3 both (Table 2-5). */
  adaptationFieldControl: number;
  continuityCounter: number;
  hasAdaptationField: boolean;
  hasPayload: boolean;
}
