/** One reassembled PES packet (ISO/IEC 13818-1 2.4.3.6) and where it lay in the transport stream. */
export interface PesPacket {
  pid: number;
  /** 90 kHz, raw 33-bit value; -1 when the PES carries no PTS. */
  pts: number;
  /** 90 kHz, raw 33-bit value; equals `pts` when the PES has no DTS. */
  dts: number;
  /** The PES payload (after the PES header), concatenated from its TS packets. */
  data: Uint8Array;
  /** baseOffset + byte offset of the TS packet where this PES starts (payload_unit_start_indicator set). */
  startOffset: number;
  /** baseOffset + byte offset just after the last TS packet carrying this PES. */
  endOffset: number;
  /** Set when the input ended before the declared PES_packet_length was reached. */
  truncated?: true;
}
