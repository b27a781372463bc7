import { MediaError } from '../errors/MediaError.ts';
import type { PesPacket } from './PesPacket.ts';
import { readPat } from './readPat.ts';
import { readPesHeader } from './readPesHeader.ts';
import { readPmt } from './readPmt.ts';
import type { TsDemuxResult } from './TsDemuxResult.ts';
import type { TsElementaryStream } from './TsElementaryStream.ts';
import { tsPacketSize } from './tsPacketSize.ts';

export type { PesPacket } from './PesPacket.ts';
export type { TsDemuxResult } from './TsDemuxResult.ts';
export type { TsElementaryStream } from './TsElementaryStream.ts';

const NULL_PID = 0x1fff;

/** A PES being collected: its payload is kept as [start, end) ranges of the input and copied once when complete. */
interface OpenPes {
  slot: number;
  startOffset: number;
  endOffset: number;
  ranges: number[];
  size: number;
  /** 6 + PES_packet_length, or -1 when unbounded (PES_packet_length 0). */
  declared: number;
}

/** A PSI section spanning several packets. */
interface OpenSection {
  buf: Uint8Array;
  filled: number;
  offset: number;
}

/**
 * Demultiplexes a transport stream (ISO/IEC 13818-1 2.4.3) into the PES
 * packets of the first program: PAT (2.4.4.3) -> first PMT (2.4.4.8) ->
 * elementary streams. The PAT/PMT may repeat (segmenters put them at the top
 * of every segment); the first PMT defines the streams.
 *
 * A PES ends at its declared PES_packet_length, at the next
 * payload_unit_start_indicator on its PID (unbounded video PES), or at the end
 * of input; a PES still short of its declared length at the end of input is
 * returned with `truncated: true`, one whose header is itself incomplete is
 * dropped. Continuity counter gaps are reported, not thrown; duplicate
 * packets (same counter, 2.4.3.3) are ignored and adaptation-only packets do
 * not advance the counter. Packets with transport_error_indicator set are skipped.
 *
 * Throws MALFORMED for a lost sync byte and TRUNCATED for a trailing partial
 * packet, with `offset` = `baseOffset` + the packet's offset.
 */
export function demuxTransportStream(bytes: Uint8Array, options: { baseOffset?: number; pids?: number[] } = {}): TsDemuxResult {
  const base = options.baseOffset ?? 0;
  const wanted = options.pids ? new Set(options.pids) : undefined;
  const n = bytes.byteLength;
  const whole = n - (n % tsPacketSize);

  const lastCc = new Int8Array(8192).fill(-1);
  const assemble = new Uint8Array(8192);
  // Explicit PIDs are assembled even when no PAT/PMT is in the input: the origin demuxes
  // byte ranges cut from the middle of a segment, long after its tables.
  if (wanted) for (const p of wanted) assemble[p] = 1;
  const open = new Map<number, OpenPes>();
  const sections = new Map<number, OpenSection>();
  const slots: (PesPacket | undefined)[] = [];
  const continuityErrors: TsDemuxResult['continuityErrors'] = [];
  let pmtPid = -1;
  let streams: TsElementaryStream[] | undefined;

  const onSection = (pid: number, section: Uint8Array, offset: number): void => {
    if (pid === 0) {
      if (section[0] !== 0x00) return;
      pmtPid = readPat(section, offset).programs[0]?.pmtPid ?? -1;
    } else if (section[0] === 0x02) {
      const pmt = readPmt(section, offset);
      streams = pmt.streams.map((s) => ({ pid: s.pid, streamType: s.streamType, codec: s.codec }));
      for (const s of streams) assemble[s.pid] = !wanted || wanted.has(s.pid) ? 1 : 0;
    }
  };

  const finish = (pid: number, pes: OpenPes, atEnd: boolean): void => {
    const total = pes.declared >= 0 ? Math.min(pes.size, pes.declared) : pes.size;
    const buf = new Uint8Array(total);
    let w = 0;
    for (let i = 0; i < pes.ranges.length && w < total; i += 2) {
      const len = Math.min(pes.ranges[i + 1] - pes.ranges[i], total - w);
      buf.set(bytes.subarray(pes.ranges[i], pes.ranges[i] + len), w);
      w += len;
    }
    let header;
    try {
      header = readPesHeader(buf, 0);
    } catch (e) {
      if (atEnd && e instanceof MediaError && e.code === 'TRUNCATED') return;
      const message = e instanceof Error ? e.message : String(e);
      const code = e instanceof MediaError ? e.code : 'MALFORMED';
      throw new MediaError(code, `${message} (in the PES of PID ${pid} starting in the TS packet at offset ${pes.startOffset})`, { offset: pes.startOffset });
    }
    const pts = header.pts ?? -1;
    const packet: PesPacket = {
      pid, pts, dts: header.dts ?? pts, data: buf.subarray(header.headerLength),
      startOffset: pes.startOffset, endOffset: pes.endOffset,
    };
    if (pes.declared >= 0 && pes.size < pes.declared) packet.truncated = true;
    slots[pes.slot] = packet;
  };

  for (let off = 0; off < whole; off += tsPacketSize) {
    if (bytes[off] !== 0x47) {
      throw new MediaError('MALFORMED', `expected TS sync byte 0x47 at offset ${base + off}, found 0x${bytes[off].toString(16).padStart(2, '0')}`, { offset: base + off });
    }
    const b1 = bytes[off + 1];
    const b3 = bytes[off + 3];
    const pid = ((b1 & 0x1f) << 8) | bytes[off + 2];
    if (pid === NULL_PID || b1 & 0x80) continue;
    const afc = (b3 >> 4) & 3;
    const end = off + tsPacketSize;
    let p = off + 4;
    let discontinuity = false;
    if (afc & 2) {
      const afLength = bytes[p];
      if (afLength > 183) {
        throw new MediaError('MALFORMED', `expected adaptation_field_length <= 183 in the TS packet at offset ${base + off}, found ${afLength}`, { offset: base + off });
      }
      if (afLength > 0) discontinuity = (bytes[p + 1] & 0x80) !== 0;
      p += 1 + afLength;
    }
    // Adaptation-only packets carry no payload and do not advance continuity_counter (2.4.3.3).
    if (!(afc & 1)) continue;
    const cc = b3 & 0x0f;
    const last = lastCc[pid];
    lastCc[pid] = cc;
    if (last >= 0 && !discontinuity) {
      if (cc === last) continue; // a duplicate packet: its payload was already taken
      const expected = (last + 1) & 0x0f;
      if (cc !== expected) continuityErrors.push({ pid, offset: base + off, expected, found: cc });
    }
    if (p >= end) continue;
    const pusi = (b1 & 0x40) !== 0;

    if (pid === 0 || pid === pmtPid) {
      if (streams) continue;
      if (pusi) {
        const start = p + 1 + bytes[p]; // pointer_field
        if (start + 3 > end) continue;
        const total = 3 + (((bytes[start + 1] & 0x0f) << 8) | bytes[start + 2]);
        if (start + total <= end) {
          onSection(pid, bytes.subarray(start, start + total), base + off);
        } else {
          const buf = new Uint8Array(total);
          buf.set(bytes.subarray(start, end));
          sections.set(pid, { buf, filled: end - start, offset: base + off });
        }
      } else {
        const s = sections.get(pid);
        if (!s) continue;
        const take = Math.min(end - p, s.buf.byteLength - s.filled);
        s.buf.set(bytes.subarray(p, p + take), s.filled);
        s.filled += take;
        if (s.filled === s.buf.byteLength) {
          sections.delete(pid);
          onSection(pid, s.buf, s.offset);
        }
      }
      continue;
    }

    if (assemble[pid] === 0) continue;
    let pes = open.get(pid);
    if (pusi) {
      if (pes) finish(pid, pes, false);
      let declared = -1;
      if (end - p >= 6) {
        const length = (bytes[p + 4] << 8) | bytes[p + 5];
        if (length > 0) declared = 6 + length;
      }
      pes = { slot: slots.length, startOffset: base + off, endOffset: base + end, ranges: [], size: 0, declared };
      slots.push(undefined);
      open.set(pid, pes);
    } else if (!pes) {
      continue; // the continuation of a PES whose start is not in this input
    }
    pes.ranges.push(p, end);
    pes.size += end - p;
    pes.endOffset = base + end;
    if (pes.declared >= 0 && pes.size >= pes.declared) {
      finish(pid, pes, false);
      open.delete(pid);
    }
  }
  if (whole !== n) {
    throw new MediaError('TRUNCATED', `expected a whole ${tsPacketSize}-byte TS packet at offset ${base + whole}, found ${n - whole} byte(s)`, { offset: base + whole });
  }
  for (const [pid, pes] of open) finish(pid, pes, true);

  const pes: PesPacket[] = [];
  for (const s of slots) if (s) pes.push(s);
  return { streams: streams ?? [], pes, continuityErrors };
}
