import { tsPacketSize } from './tsPacketSize.ts';

/**
 * How many transport packets `writePesPackets` uses for a PES of `pesLength`
 * bytes (header included), so a muxer can size its output before writing.
 * The first packet loses 2 bytes to an adaptation field with flags when it
 * carries a random access indicator, 8 when it also carries a PCR
 * (ISO/IEC 13818-1 2.4.3.4); stuffing in the last packet never adds one.
 */
export function countPesPackets(pesLength: number, first: { pcr: boolean; randomAccess: boolean }): number {
  const payload = tsPacketSize - 4;
  const firstPayload = payload - (first.pcr ? 8 : first.randomAccess ? 2 : 0);
  return pesLength <= firstPayload ? 1 : 1 + Math.ceil((pesLength - firstPayload) / payload);
}
