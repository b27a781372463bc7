import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeSpliceInsertSection } from '../../../src/media/scte35/writeSpliceInsertSection.ts';
import { crc32Mpeg2 } from '../../../src/media/mp2t/crc32Mpeg2.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

test('a splice_insert out with a time and a break duration, field by field (SCTE 35 9.6, 9.7.3)', () => {
  const bytes = writeSpliceInsertSection({ eventId: 7, outOfNetwork: true, pts90k: 846_000, breakDuration90k: 360_000 });
  assert.equal(
    hex(bytes),
    [
      'fc', // table_id
      '3025', // section_syntax_indicator 0, private_indicator 0, sap_type 11, section_length 37
      '00', // protocol_version
      '0000000000', // encrypted_packet 0, encryption_algorithm 0, pts_adjustment 0
      '00', // cw_index
      'fff014', // tier 0xFFF, splice_command_length 20
      '05', // splice_command_type: splice_insert
      '00000007', // splice_event_id
      '7f', // splice_event_cancel_indicator 0, reserved
      'ef', // out_of_network 1, program_splice 1, duration 1, splice_immediate 0, reserved
      'fe000ce8b0', // splice_time: time_specified 1, reserved, pts_time 846000
      'fe00057e40', // break_duration: auto_return 1, reserved, duration 360000
      '0000', // unique_program_id
      '00', // avail_num
      '00', // avails_expected
      '0000', // descriptor_loop_length
      '95360d75', // CRC_32
    ].join(''),
  );
  assert.equal(crc32Mpeg2(bytes), 0, 'the CRC over the whole section is 0');
  assert.equal(bytes.byteLength, 3 + 37);
});

test('a splice_insert in: no duration; splice_immediate when no time; pts_time wraps at 33 bits', () => {
  const back = writeSpliceInsertSection({ eventId: 7, outOfNetwork: false, pts90k: 2 ** 33 + 5 });
  // flags: out_of_network 0, program_splice 1, duration 0, immediate 0; then pts_time 5 (wrapped).
  assert.equal(hex(back.subarray(14, 25)), '000000077f4ffe00000005');
  assert.equal(back[13], 0x05, 'splice_command_type');
  assert.equal((back[10] << 4) | (back[11] >> 4), 0xfff, 'tier');
  assert.equal(((back[11] & 0x0f) << 8) | back[12], 15, 'splice_command_length: no break_duration');
  assert.equal(crc32Mpeg2(back), 0);
  const immediate = writeSpliceInsertSection({ eventId: 1, outOfNetwork: true });
  assert.equal(immediate[19], 0xdf, 'out 1, program 1, duration 0, immediate 1');
  assert.equal(immediate.byteLength, 3 + 11 + 10 + 2 + 4, 'no splice_time, no break_duration');
  assert.equal(crc32Mpeg2(immediate), 0);
});
