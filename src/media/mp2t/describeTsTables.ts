import { demuxTransportStream } from './demuxTransportStream.ts';
import { readAdaptationField } from './readAdaptationField.ts';
import { readPat } from './readPat.ts';
import { readPmt } from './readPmt.ts';
import { tsPacketSize } from './tsPacketSize.ts';

/**
 * A readable, deterministic dump of a transport stream for golden tests and
 * debugging: one line per distinct PAT/PMT version (first occurrence), one per
 * PES (pid, offset, pts, dts, payload size) and one per PCR, ordered by byte
 * offset. Only single-packet PSI sections are described (those are what
 * segmenters write). ISO/IEC 13818-1 2.4.3 / 2.4.4.
 */
export function describeTsTables(bytes: Uint8Array): string {
  const lines: { offset: number; order: number; text: string }[] = [];
  const seen = new Set<string>();
  const pmtPids = new Set<number>();
  const whole = bytes.byteLength - (bytes.byteLength % tsPacketSize);
  for (let off = 0; off < whole; off += tsPacketSize) {
    if (bytes[off] !== 0x47) break; // demuxTransportStream below reports it
    const pid = ((bytes[off + 1] & 0x1f) << 8) | bytes[off + 2];
    const pusi = (bytes[off + 1] & 0x40) !== 0;
    const afc = (bytes[off + 3] >> 4) & 3;
    let p = off + 4;
    if (afc & 2) {
      const af = readAdaptationField(bytes, p, off + tsPacketSize);
      if (af.pcr !== undefined) {
        lines.push({ offset: off, order: 0, text: `@${off} PCR pid=${pid} base=${af.pcrBase} ext=${af.pcrExtension}${af.discontinuityIndicator ? ' discontinuity' : ''}` });
      }
      p += 1 + af.length;
    }
    if (!(afc & 1) || !pusi || p >= off + tsPacketSize) continue;
    if (pid !== 0 && !pmtPids.has(pid)) continue;
    const start = p + 1 + bytes[p];
    if (start + 3 > off + tsPacketSize) continue;
    const total = 3 + (((bytes[start + 1] & 0x0f) << 8) | bytes[start + 2]);
    if (start + total > off + tsPacketSize) continue;
    const section = bytes.subarray(start, start + total);
    if (pid === 0 && section[0] === 0x00) {
      const pat = readPat(section, off);
      const key = `pat:${pat.versionNumber}`;
      for (const prog of pat.programs) pmtPids.add(prog.pmtPid);
      if (seen.has(key)) continue;
      seen.add(key);
      const progs = pat.programs.map((x) => `${x.programNumber}->${x.pmtPid}`).join(' ');
      lines.push({ offset: off, order: 1, text: `@${off} PAT tsid=${pat.transportStreamId} v=${pat.versionNumber} programs=[${progs}]` });
    } else if (section[0] === 0x02) {
      const pmt = readPmt(section, off);
      const key = `pmt:${pid}:${pmt.versionNumber}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const streams = pmt.streams.map((s) => `${s.pid}:0x${s.streamType.toString(16).padStart(2, '0')}:${s.codec}`).join(' ');
      lines.push({ offset: off, order: 1, text: `@${off} PMT pid=${pid} program=${pmt.programNumber} v=${pmt.versionNumber} pcr_pid=${pmt.pcrPid} streams=[${streams}]` });
    }
  }
  for (const pes of demuxTransportStream(bytes).pes) {
    const tail = pes.truncated ? ' truncated' : '';
    lines.push({ offset: pes.startOffset, order: 2, text: `@${pes.startOffset} PES pid=${pes.pid} pts=${pes.pts} dts=${pes.dts} size=${pes.data.byteLength}${tail}` });
  }
  lines.sort((a, b) => a.offset - b.offset || a.order - b.order);
  return lines.map((l) => l.text).join('\n') + '\n';
}
