/** A program association table (ISO/IEC 13818-1 2.4.4.3). */
export interface Pat {
  transportStreamId: number;
  versionNumber: number;
  currentNextIndicator: boolean;
  /** Programs in table order; program_number 0 (the network PID) is left out. */
  programs: { programNumber: number; pmtPid: number }[];
}
