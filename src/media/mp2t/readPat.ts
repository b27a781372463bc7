import type { Pat } from './Pat.ts';
import { readPsiSection } from './readPsiSection.ts';

export type { Pat } from './Pat.ts';

/**
 * Reads a program_association_section (ISO/IEC 13818-1 2.4.4.3, table_id 0x00)
 * starting at its table_id (i.e. after the pointer_field), CRC checked.
 */
export function readPat(section: Uint8Array, offset = 0): Pat {
  const h = readPsiSection(section, 0x00, 'PAT', offset);
  const programs: Pat['programs'] = [];
  for (let p = h.bodyStart; p + 4 <= h.bodyEnd; p += 4) {
    const programNumber = (section[p] << 8) | section[p + 1];
    const pid = ((section[p + 2] & 0x1f) << 8) | section[p + 3];
    if (programNumber !== 0) programs.push({ programNumber, pmtPid: pid });
  }
  return { transportStreamId: h.tableIdExtension, versionNumber: h.versionNumber, currentNextIndicator: h.currentNextIndicator, programs };
}
