import { crc32Mpeg2 } from './crc32Mpeg2.ts';
import type { Pmt } from './Pmt.ts';

/**
 * Writes a TS_program_map_section (ISO/IEC 13818-1 2.4.4.8, table_id 0x02)
 * from its table_id to its CRC_32 (Annex A), the mirror of `readPmt`: no
 * program descriptors, and each stream's `esInfo` descriptors copied as given.
 * The stream `codec` of `Pmt` is derived by readers and not needed here.
 */
export function writePmt(pmt: Omit<Pmt, 'streams'> & { streams: { streamType: number; pid: number; esInfo?: Uint8Array }[] }): Uint8Array {
  let body = 0;
  for (const st of pmt.streams) body += 5 + (st.esInfo?.byteLength ?? 0);
  const sectionLength = 9 + body + 4;
  const s = new Uint8Array(3 + sectionLength);
  s[0] = 0x02; // table_id
  s[1] = 0xb0 | (sectionLength >> 8); // section_syntax_indicator 1, '0', reserved '11', section_length bits 11..8
  s[2] = sectionLength & 0xff;
  s[3] = pmt.programNumber >> 8;
  s[4] = pmt.programNumber & 0xff;
  s[5] = 0xc0 | ((pmt.versionNumber & 0x1f) << 1) | (pmt.currentNextIndicator ? 1 : 0); // reserved '11', version_number, current_next_indicator
  s[6] = 0; // section_number
  s[7] = 0; // last_section_number
  s[8] = 0xe0 | (pmt.pcrPid >> 8); // reserved '111', PCR_PID bits 12..8
  s[9] = pmt.pcrPid & 0xff;
  s[10] = 0xf0; // reserved '1111', program_info_length 0
  s[11] = 0;
  let p = 12;
  for (const st of pmt.streams) {
    const esInfoLength = st.esInfo?.byteLength ?? 0;
    s[p] = st.streamType;
    s[p + 1] = 0xe0 | (st.pid >> 8); // reserved '111', elementary_PID bits 12..8
    s[p + 2] = st.pid & 0xff;
    s[p + 3] = 0xf0 | (esInfoLength >> 8); // reserved '1111', ES_info_length bits 11..8
    s[p + 4] = esInfoLength & 0xff;
    if (st.esInfo) s.set(st.esInfo, p + 5);
    p += 5 + esInfoLength;
  }
  new DataView(s.buffer).setUint32(p, crc32Mpeg2(s, 0, p));
  return s;
}
