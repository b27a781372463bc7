import { MediaError } from '../errors/MediaError.ts';
import { tsPacketSize } from './tsPacketSize.ts';

/**
 * Copies one PES packet (ISO/IEC 13818-1 2.4.3.6, header included) of `pid`
 * into `into` from 0, given where a demux found it before: it starts in the TS
 * packet at `ts[from]` (payload_unit_start_indicator set) and its last TS
 * packet ends at or before `to`. Packets of other PIDs in between are
 * stepped over; within the PID the rules are `demuxTransportStream`'s, so the
 * bytes are the ones it would give: transport_error_indicator packets and
 * adaptation-only packets are skipped, a repeated continuity_counter is a
 * duplicate (2.4.3.3), and the PES stops at its declared PES_packet_length.
 * Returns the number of bytes written.
 *
 * This is the origin's path from index to sample: no PES object, no per-PES
 * allocation; `into` must hold at least `to - from` bytes (a scratch buffer
 * the caller reuses; past the returned length its bytes are left over). Anything that contradicts the recorded layout (no
 * packet start of `pid` at `from`, a second one before `to`, a lost sync byte)
 * is MALFORMED with `offset` = `baseOffset` + the packet's offset.
 */
export function readPesPacketInto(ts: Uint8Array, from: number, to: number, pid: number, into: Uint8Array, baseOffset = 0): number {
  if (to > ts.byteLength || (to - from) % tsPacketSize !== 0) {
    throw new MediaError('TRUNCATED', `expected whole ${tsPacketSize}-byte TS packets from offset ${baseOffset + from} to ${baseOffset + to}, found ${Math.max(0, ts.byteLength - from)} byte(s)`, { offset: baseOffset + from });
  }
  // One bulk copy of the packets, then each payload is moved into place: cheaper than a copy per packet.
  into.set(ts.subarray(from, to));
  let size = 0;
  let declared = -1;
  let lastCc = -1;
  let started = false;
  for (let off = from; off < to; off += tsPacketSize) {
    if (ts[off] !== 0x47) {
      throw new MediaError('MALFORMED', `expected TS sync byte 0x47 at offset ${baseOffset + off}, found 0x${ts[off].toString(16).padStart(2, '0')}`, { offset: baseOffset + off });
    }
    const b1 = ts[off + 1];
    if ((((b1 & 0x1f) << 8) | ts[off + 2]) !== pid || b1 & 0x80) continue;
    const b3 = ts[off + 3];
    const afc = (b3 >> 4) & 3;
    const end = off + tsPacketSize;
    let p = off + 4;
    let discontinuity = false;
    if (afc & 2) {
      const afLength = ts[p];
      if (afLength > 183) {
        throw new MediaError('MALFORMED', `expected adaptation_field_length <= 183 in the TS packet at offset ${baseOffset + off}, found ${afLength}`, { offset: baseOffset + off });
      }
      if (afLength > 0) discontinuity = (ts[p + 1] & 0x80) !== 0;
      p += 1 + afLength;
    }
    if (!(afc & 1)) continue;
    const cc = b3 & 0x0f;
    const last = lastCc;
    lastCc = cc;
    if (last >= 0 && !discontinuity && cc === last) continue;
    if (p >= end) continue;
    const pusi = (b1 & 0x40) !== 0;
    if (!started) {
      if (!pusi || off !== from) break;
      started = true;
      if (end - p >= 6) {
        const length = (ts[p + 4] << 8) | ts[p + 5];
        if (length > 0) declared = 6 + length;
      }
    } else if (pusi) {
      throw new MediaError('MALFORMED', `expected the PES of PID ${pid} that starts at offset ${baseOffset + from} to end before offset ${baseOffset + to}, found the next one at ${baseOffset + off}`, { offset: baseOffset + off });
    }
    let take = end - p;
    if (declared >= 0 && size + take > declared) take = declared - size;
    // Payloads move down over the headers and foreign packets copied with them; never past unread bytes.
    into.copyWithin(size, p - from, p - from + take);
    size += take;
    if (declared >= 0 && size >= declared) break;
  }
  if (!started) {
    throw new MediaError('MALFORMED', `expected a PES of PID ${pid} to start in the TS packet at offset ${baseOffset + from}, found none`, { offset: baseOffset + from });
  }
  return size;
}
