import { MediaError } from '../errors/MediaError.ts';
import { codecOfStreamType } from './codecOfStreamType.ts';
import type { Pmt } from './Pmt.ts';
import { readPsiSection } from './readPsiSection.ts';

export type { Pmt } from './Pmt.ts';

/**
 * Reads a TS_program_map_section (ISO/IEC 13818-1 2.4.4.8, table_id 0x02)
 * starting at its table_id, CRC checked.
 */
export function readPmt(section: Uint8Array, offset = 0): Pmt {
  const h = readPsiSection(section, 0x02, 'PMT', offset);
  const pcrPid = ((section[8] & 0x1f) << 8) | section[9];
  const programInfoLength = ((section[10] & 0x0f) << 8) | section[11];
  let p = 12 + programInfoLength;
  if (p > h.bodyEnd) {
    throw new MediaError('MALFORMED', `expected program_info_length <= ${h.bodyEnd - 12} in the PMT at offset ${offset}, found ${programInfoLength}`, { offset });
  }
  const streams: Pmt['streams'] = [];
  while (p + 5 <= h.bodyEnd) {
    const streamType = section[p];
    const pid = ((section[p + 1] & 0x1f) << 8) | section[p + 2];
    const esInfoLength = ((section[p + 3] & 0x0f) << 8) | section[p + 4];
    if (p + 5 + esInfoLength > h.bodyEnd) {
      throw new MediaError('MALFORMED', `expected ES_info_length <= ${h.bodyEnd - p - 5} for PID ${pid} in the PMT at offset ${offset}, found ${esInfoLength}`, { offset });
    }
    const esInfo = section.subarray(p + 5, p + 5 + esInfoLength);
    streams.push({ streamType, pid, codec: codecOfStreamType(streamType, esInfo), esInfo });
    p += 5 + esInfoLength;
  }
  return { programNumber: h.tableIdExtension, versionNumber: h.versionNumber, currentNextIndicator: h.currentNextIndicator, pcrPid, streams };
}
