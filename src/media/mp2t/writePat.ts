import { crc32Mpeg2 } from './crc32Mpeg2.ts';
import type { Pat } from './Pat.ts';

/**
 * Writes a program_association_section (ISO/IEC 13818-1 2.4.4.3, table_id
 * 0x00) from its table_id to its CRC_32 (Annex A), the mirror of `readPat`.
 * One section (section_number 0 of 0); the network PID entry (program 0) is
 * not written, as `Pat` leaves it out.
 */
export function writePat(pat: Pat): Uint8Array {
  const sectionLength = 5 + 4 * pat.programs.length + 4;
  const s = new Uint8Array(3 + sectionLength);
  s[0] = 0x00; // table_id
  s[1] = 0xb0 | (sectionLength >> 8); // section_syntax_indicator 1, '0', reserved '11', section_length bits 11..8
  s[2] = sectionLength & 0xff;
  s[3] = pat.transportStreamId >> 8;
  s[4] = pat.transportStreamId & 0xff;
  s[5] = 0xc0 | ((pat.versionNumber & 0x1f) << 1) | (pat.currentNextIndicator ? 1 : 0); // reserved '11', version_number, current_next_indicator
  s[6] = 0; // section_number
  s[7] = 0; // last_section_number
  let p = 8;
  for (const { programNumber, pmtPid } of pat.programs) {
    s[p] = programNumber >> 8;
    s[p + 1] = programNumber & 0xff;
    s[p + 2] = 0xe0 | (pmtPid >> 8); // reserved '111', program_map_PID bits 12..8
    s[p + 3] = pmtPid & 0xff;
    p += 4;
  }
  new DataView(s.buffer).setUint32(p, crc32Mpeg2(s, 0, p));
  return s;
}
