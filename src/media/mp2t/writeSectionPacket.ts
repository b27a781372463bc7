import { MediaError } from '../errors/MediaError.ts';
import { tsPacketSize } from './tsPacketSize.ts';

/**
 * Writes one transport packet (ISO/IEC 13818-1 2.4.3.2) carrying a whole PSI
 * section (a PAT or PMT from `writePat` / `writePmt`) at `offset`:
 * payload_unit_start_indicator set, a pointer_field of 0 (2.4.4.2) and the
 * rest of the packet filled with 0xFF, which a section decoder reads as
 * stuffing after the section (2.4.4). Sections longer than one packet are
 * refused; a segment's tables are a few dozen bytes.
 */
export function writeSectionPacket(target: Uint8Array, offset: number, packet: { pid: number; continuityCounter: number; section: Uint8Array }): void {
  const { pid, continuityCounter, section } = packet;
  if (section.byteLength > tsPacketSize - 5) {
    throw new MediaError('UNSUPPORTED', `expected a PSI section of at most ${tsPacketSize - 5} bytes for one TS packet, found ${section.byteLength}`);
  }
  target[offset] = 0x47; // sync_byte
  target[offset + 1] = 0x40 | (pid >> 8); // payload_unit_start_indicator 1, PID bits 12..8
  target[offset + 2] = pid & 0xff;
  target[offset + 3] = 0x10 | (continuityCounter & 0x0f); // not scrambled, payload only
  target[offset + 4] = 0; // pointer_field: the section starts right after it
  target.set(section, offset + 5);
  target.fill(0xff, offset + 5 + section.byteLength, offset + tsPacketSize);
}
