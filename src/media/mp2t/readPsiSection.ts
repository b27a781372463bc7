import { MediaError } from '../errors/MediaError.ts';
import { crc32Mpeg2 } from './crc32Mpeg2.ts';

/**
 * Validates the long-form section syntax shared by the PAT and PMT
 * (ISO/IEC 13818-1 2.4.4.3 / 2.4.4.8): table_id, section_length and the CRC_32
 * (Annex A). Returns the header fields and the bounds of the table body
 * (after last_section_number, before the CRC). `offset` is only used in errors.
 */
export function readPsiSection(section: Uint8Array, expectedTableId: number, what: string, offset = 0): {
  tableIdExtension: number;
  versionNumber: number;
  currentNextIndicator: boolean;
  sectionNumber: number;
  lastSectionNumber: number;
  bodyStart: number;
  bodyEnd: number;
} {
  if (section.byteLength < 12) {
    throw new MediaError('TRUNCATED', `expected a ${what} section of at least 12 bytes at offset ${offset}, found ${section.byteLength}`, { offset });
  }
  if (section[0] !== expectedTableId) {
    throw new MediaError('MALFORMED', `expected ${what} table_id 0x${expectedTableId.toString(16)} at offset ${offset}, found 0x${section[0].toString(16)}`, { offset });
  }
  const sectionLength = ((section[1] & 0x0f) << 8) | section[2];
  const total = 3 + sectionLength;
  if (total > section.byteLength) {
    throw new MediaError('TRUNCATED', `expected a ${what} section of ${total} bytes at offset ${offset}, found ${section.byteLength}`, { offset });
  }
  if (sectionLength < 9) {
    throw new MediaError('MALFORMED', `expected ${what} section_length >= 9 at offset ${offset}, found ${sectionLength}`, { offset });
  }
  if (crc32Mpeg2(section, 0, total) !== 0) {
    throw new MediaError('MALFORMED', `expected a valid CRC_32 on the ${what} section at offset ${offset}, found a mismatch`, { offset });
  }
  return {
    tableIdExtension: (section[3] << 8) | section[4],
    versionNumber: (section[5] >> 1) & 0x1f,
    currentNextIndicator: (section[5] & 1) !== 0,
    sectionNumber: section[6],
    lastSectionNumber: section[7],
    bodyStart: 8,
    bodyEnd: total - 4,
  };
}
