import { BitWriter } from '../bytes/BitWriter.ts';
import { crc32Mpeg2 } from '../mp2t/crc32Mpeg2.ts';

/** A `splice_insert()` command (SCTE 35 9.7.3) for one programme. */
export interface SpliceInsert {
  /** `splice_event_id`: the same for a break's out and in. */
  eventId: number;
  /** True at the start of a break (leaving the network feed), false at its end. */
  outOfNetwork: boolean;
  /** `splice_time()` `pts_time` in 90 kHz ticks (33 bits, wrapped); undefined: `splice_immediate_flag`. */
  pts90k?: number;
  /** `break_duration()` in 90 kHz ticks, with `auto_return`; undefined: no duration. */
  breakDuration90k?: number;
}

const PTS_WRAP = 2 ** 33;

/**
 * A complete `splice_info_section()` (SCTE 35 9.6) carrying one
 * `splice_insert()`: table 0xFC, protocol version 0, not encrypted,
 * `pts_adjustment` 0, tier 0xFFF, no descriptors, and the MPEG-2 CRC-32.
 * This is what HLS carries, base64-encoded, in `EXT-OATCLS-SCTE35` and the
 * `SCTE35=` attribute of `EXT-X-CUE-OUT-CONT`.
 */
export function writeSpliceInsertSection(insert: SpliceInsert): Uint8Array {
  const command = new BitWriter();
  command.bits(32, insert.eventId >>> 0);
  command.bits(1, 0).bits(7, 0x7f); // splice_event_cancel_indicator, reserved
  const immediate = insert.pts90k === undefined;
  const hasDuration = insert.breakDuration90k !== undefined;
  // out_of_network_indicator, program_splice_flag, duration_flag, splice_immediate_flag, reserved
  command.bits(1, insert.outOfNetwork ? 1 : 0).bits(1, 1).bits(1, hasDuration ? 1 : 0).bits(1, immediate ? 1 : 0).bits(4, 0xf);
  if (!immediate) command.bits(1, 1).bits(6, 0x3f).bits(33, ((Math.round(insert.pts90k!) % PTS_WRAP) + PTS_WRAP) % PTS_WRAP); // splice_time()
  if (hasDuration) command.bits(1, 1).bits(6, 0x3f).bits(33, Math.max(0, Math.round(insert.breakDuration90k!)) % PTS_WRAP); // break_duration(), auto_return
  command.bits(16, 0).bits(8, 0).bits(8, 0); // unique_program_id, avail_num, avails_expected
  const commandBytes = command.finish();

  // After section_length: protocol_version .. splice_command_type (11 bytes), the command, descriptor_loop_length (2), CRC_32 (4).
  const sectionLength = 11 + commandBytes.byteLength + 2 + 4;
  const head = new BitWriter();
  head.bits(8, 0xfc); // table_id
  head.bits(1, 0).bits(1, 0).bits(2, 0b11).bits(12, sectionLength); // section_syntax_indicator, private_indicator, sap_type (not specified)
  head.bits(8, 0); // protocol_version
  head.bits(1, 0).bits(6, 0).bits(33, 0); // encrypted_packet, encryption_algorithm, pts_adjustment
  head.bits(8, 0); // cw_index
  head.bits(12, 0xfff).bits(12, commandBytes.byteLength); // tier, splice_command_length
  head.bits(8, 0x05); // splice_command_type: splice_insert
  const headBytes = head.finish();

  const out = new Uint8Array(headBytes.byteLength + commandBytes.byteLength + 2 + 4);
  out.set(headBytes, 0);
  out.set(commandBytes, headBytes.byteLength);
  // descriptor_loop_length 0 (the two bytes stay zero), then the CRC over everything before it.
  const crcAt = out.byteLength - 4;
  new DataView(out.buffer).setUint32(crcAt, crc32Mpeg2(out, 0, crcAt));
  return out;
}
