import { tsPacketSize } from './tsPacketSize.ts';

const WRAP = 2 ** 33;

/**
 * Splits one PES packet (header + payload, `pes`) into transport packets
 * (ISO/IEC 13818-1 2.4.3.2) written from `offset`; returns the number of
 * packets written (`countPesPackets` gives it beforehand). Every packet
 * carries payload, so the caller advances the PID's continuity_counter by
 * that number (2.4.3.3).
 *
 * The first packet has payload_unit_start_indicator set and, when asked, an
 * adaptation field (2.4.3.4) with random_access_indicator and/or a PCR
 * (`pcrBase`, 90 kHz, written modulo 2^33 with extension 0). The last
 * packet is padded with adaptation-field stuffing (0xFF bytes), the only
 * stuffing a PES may use in a transport stream (2.4.3.5): a single
 * adaptation_field_length of 0 when one byte is missing.
 */
export function writePesPackets(
  target: Uint8Array,
  offset: number,
  pes: Uint8Array,
  options: { pid: number; continuityCounter: number; pcrBase?: number; randomAccess?: boolean },
): number {
  const { pid, pcrBase } = options;
  const randomAccess = options.randomAccess === true;
  const total = pes.byteLength;
  let read = 0;
  let o = offset;
  let cc = options.continuityCounter;
  let packets = 0;
  while (read < total) {
    const first = packets === 0;
    const flags = first ? (randomAccess ? 0x40 : 0) | (pcrBase !== undefined ? 0x10 : 0) : 0;
    // Bytes of adaptation field including its length byte: flags + PCR when needed, grown to stuff a short last packet.
    let af = flags === 0 ? 0 : pcrBase !== undefined ? 8 : 2;
    const chunk = Math.min(total - read, tsPacketSize - 4 - af);
    af = tsPacketSize - 4 - chunk;
    target[o] = 0x47; // sync_byte
    target[o + 1] = (first ? 0x40 : 0) | (pid >> 8); // payload_unit_start_indicator, PID bits 12..8
    target[o + 2] = pid & 0xff;
    target[o + 3] = (af > 0 ? 0x30 : 0x10) | (cc & 0x0f); // adaptation_field_control '11' or '01'
    let p = o + 4;
    if (af > 0) {
      target[p] = af - 1; // adaptation_field_length
      if (af > 1) {
        target[p + 1] = flags; // discontinuity 0, random_access_indicator, priority 0, PCR_flag, others 0
        let q = p + 2;
        if (flags & 0x10) {
          const base = ((pcrBase! % WRAP) + WRAP) % WRAP;
          target[q] = Math.floor(base / 2 ** 25); // program_clock_reference_base bits 32..25
          target[q + 1] = Math.floor(base / 2 ** 17) & 0xff;
          target[q + 2] = Math.floor(base / 2 ** 9) & 0xff;
          target[q + 3] = Math.floor(base / 2) & 0xff;
          target[q + 4] = ((base % 2) << 7) | 0x7e; // base bit 0, 6 reserved bits, extension bit 8 = 0
          target[q + 5] = 0; // program_clock_reference_extension bits 7..0
          q += 6;
        }
        target.fill(0xff, q, p + af); // stuffing_byte
      }
      p += af;
    }
    target.set(pes.subarray(read, read + chunk), p);
    read += chunk;
    o += tsPacketSize;
    cc = (cc + 1) & 0x0f;
    packets++;
  }
  return packets;
}
