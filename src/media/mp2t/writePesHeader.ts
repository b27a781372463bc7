import type { PesHeader } from './PesHeader.ts';

const WRAP = 2 ** 33;

/**
 * Writes a PES packet header (ISO/IEC 13818-1 2.4.3.6 / 2.4.3.7) with a PTS
 * and, when given, a DTS, at `offset`; returns its length (14, or 19 with a
 * DTS), the mirror of `readPesHeader`. No other optional fields.
 * Timestamps are 90 kHz and may be given unwrapped: they are written modulo
 * 2^33, the 33-bit wrap every ~26.5 hours that readers undo with
 * `unwrapTimestamp`. `packetLength` is PES_packet_length, 0 meaning
 * unbounded (allowed for video only, 2.4.3.7).
 */
export function writePesHeader(
  target: Uint8Array,
  offset: number,
  header: Pick<PesHeader, 'streamId' | 'packetLength' | 'dataAlignmentIndicator'> & { pts: number; dts?: number },
): number {
  const hasDts = header.dts !== undefined;
  target[offset] = 0x00; // packet_start_code_prefix
  target[offset + 1] = 0x00;
  target[offset + 2] = 0x01;
  target[offset + 3] = header.streamId;
  target[offset + 4] = header.packetLength >> 8;
  target[offset + 5] = header.packetLength & 0xff;
  target[offset + 6] = 0x80 | (header.dataAlignmentIndicator ? 0x04 : 0); // '10', not scrambled, priority 0, data_alignment_indicator, copyright 0, original 0
  target[offset + 7] = hasDts ? 0xc0 : 0x80; // PTS_DTS_flags '11' or '10', no other optional field
  target[offset + 8] = hasDts ? 10 : 5; // PES_header_data_length
  writeTimestamp(target, offset + 9, hasDts ? 0x3 : 0x2, header.pts);
  if (hasDts) writeTimestamp(target, offset + 14, 0x1, header.dts!);
  return hasDts ? 19 : 14;
}

/** A 4-bit prefix, then bits 32..30, 29..15 and 14..0 of the timestamp, each group followed by a marker bit. */
function writeTimestamp(b: Uint8Array, p: number, prefix: number, value: number): void {
  const t = ((value % WRAP) + WRAP) % WRAP;
  // 33 bits exceed 32-bit operators: split off the top 3 bits by division.
  const high = Math.floor(t / 2 ** 30);
  const low = t % 2 ** 30;
  b[p] = (prefix << 4) | (high << 1) | 1;
  b[p + 1] = low >>> 22;
  b[p + 2] = (((low >>> 15) & 0x7f) << 1) | 1;
  b[p + 3] = (low >>> 7) & 0xff;
  b[p + 4] = ((low & 0x7f) << 1) | 1;
}
