import { MediaError } from '../errors/MediaError.ts';
import type { PesHeader } from './PesHeader.ts';

export type { PesHeader } from './PesHeader.ts';

/** stream_ids whose PES packets have no optional header (the first branch of 2.4.3.6). */
function hasOptionalHeader(streamId: number): boolean {
  return !(streamId === 0xbc || streamId === 0xbe || streamId === 0xbf || streamId === 0xf0 || streamId === 0xf1 || streamId === 0xff || streamId === 0xf2 || streamId === 0xf8);
}

/**
 * Reads a PES packet header at `offset` (ISO/IEC 13818-1 2.4.3.6): stream_id,
 * PES_packet_length, the 33-bit PTS/DTS and the total header length.
 * Timestamps are 33 bits, beyond 32-bit integer operators, so they are
 * assembled with multiplication.
 */
export function readPesHeader(bytes: Uint8Array, offset = 0): PesHeader {
  const avail = bytes.byteLength - offset;
  if (avail < 6) throw new MediaError('TRUNCATED', `expected a 6-byte PES header at offset ${offset}, found ${Math.max(0, avail)} byte(s)`, { offset });
  if (bytes[offset] !== 0 || bytes[offset + 1] !== 0 || bytes[offset + 2] !== 1) {
    const found = Array.from(bytes.subarray(offset, offset + 3), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new MediaError('MALFORMED', `expected PES start code 00 00 01 at offset ${offset}, found ${found}`, { offset });
  }
  const streamId = bytes[offset + 3];
  const packetLength = (bytes[offset + 4] << 8) | bytes[offset + 5];
  if (!hasOptionalHeader(streamId)) {
    return { streamId, packetLength, dataAlignmentIndicator: false, headerLength: 6 };
  }
  if (avail < 9) throw new MediaError('TRUNCATED', `expected a 9-byte PES header at offset ${offset}, found ${avail} byte(s)`, { offset });
  const flags1 = bytes[offset + 6];
  if ((flags1 & 0xc0) !== 0x80) {
    throw new MediaError('MALFORMED', `expected '10' marker bits in the PES header at offset ${offset + 6}, found 0x${flags1.toString(16)}`, { offset: offset + 6 });
  }
  const ptsDtsFlags = bytes[offset + 7] >> 6;
  const headerDataLength = bytes[offset + 8];
  const headerLength = 9 + headerDataLength;
  if (avail < headerLength) {
    throw new MediaError('TRUNCATED', `expected a ${headerLength}-byte PES header at offset ${offset}, found ${avail} byte(s)`, { offset });
  }
  const header: PesHeader = { streamId, packetLength, dataAlignmentIndicator: (flags1 & 0x04) !== 0, headerLength };
  if (ptsDtsFlags === 1) {
    throw new MediaError('MALFORMED', `expected PTS_DTS_flags other than '01' (forbidden) at offset ${offset + 7}`, { offset: offset + 7 });
  }
  if (ptsDtsFlags & 2) {
    if (headerDataLength < 5) throw new MediaError('MALFORMED', `expected PES_header_data_length >= 5 for a PTS at offset ${offset}, found ${headerDataLength}`, { offset });
    header.pts = readTimestamp(bytes, offset + 9);
  }
  if (ptsDtsFlags === 3) {
    if (headerDataLength < 10) throw new MediaError('MALFORMED', `expected PES_header_data_length >= 10 for PTS and DTS at offset ${offset}, found ${headerDataLength}`, { offset });
    header.dts = readTimestamp(bytes, offset + 14);
  }
  return header;
}

/** 4 prefix bits, then 3 + 15 + 15 timestamp bits each followed by a marker bit. */
function readTimestamp(b: Uint8Array, p: number): number {
  return ((b[p] >> 1) & 0x07) * 0x40000000 + ((b[p + 1] << 7) | (b[p + 2] >> 1)) * 0x8000 + ((b[p + 3] << 7) | (b[p + 4] >> 1));
}
