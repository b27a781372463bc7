/** The PES packet header fields Kinora uses (ISO/IEC 13818-1 2.4.3.6 / 2.4.3.7). */
export interface PesHeader {
  streamId: number;
  /** PES_packet_length: bytes after this field; 0 means unbounded (video only). */
  packetLength: number;
  /** 90 kHz, raw 33-bit. Absent when PTS_DTS_flags is '00'. */
  pts?: number;
  /** 90 kHz, raw 33-bit. Absent when only a PTS is coded (then DTS equals PTS). */
  dts?: number;
  dataAlignmentIndicator: boolean;
  /** Bytes from the packet_start_code_prefix to the first payload byte. */
  headerLength: number;
}
