import { MediaError } from '../../errors/MediaError.ts';

/**
 * Writes a 7-byte ADTS header without CRC (ISO/IEC 13818-7 6.2 /
 * ISO/IEC 14496-3 1.A.2.2) at `offset` and returns 7, the mirror of
 * `readAdtsHeader`. The fields come from the track's AudioSpecificConfig:
 * ADTS profile = audioObjectType - 1, so only object types 1..4 (Main, LC,
 * SSR, LTP) fit its 2 bits; HE-AAC is written as its AAC LC core with implicit
 * SBR signalling, which is how ADTS carries it. A frequency given explicitly
 * (index 15) and channelConfiguration 0 (layout in a PCE) have no ADTS form.
 *
 * Fixed values: ID 0 (MPEG-4, as ffmpeg writes), layer 0, protection_absent 1,
 * private/original/home/copyright bits 0, adts_buffer_fullness 0x7FF
 * (variable bit rate) and one raw data block per frame.
 */
export function writeAdtsHeader(
  target: Uint8Array,
  offset: number,
  header: { objectType: number; samplingFrequencyIndex: number; channelConfiguration: number; frameLength: number },
): number {
  const { objectType, samplingFrequencyIndex: sfi, channelConfiguration: ch, frameLength: len } = header;
  if (!Number.isInteger(objectType) || objectType < 1 || objectType > 4) {
    throw new MediaError('UNSUPPORTED', `expected an AAC audioObjectType 1..4 for an ADTS profile, found ${objectType}`);
  }
  if (!Number.isInteger(sfi) || sfi < 0 || sfi > 12) {
    throw new MediaError('UNSUPPORTED', `expected an ADTS sampling_frequency_index 0..12, found ${sfi}`);
  }
  if (!Number.isInteger(ch) || ch < 1 || ch > 7) {
    throw new MediaError('UNSUPPORTED', `expected an ADTS channel_configuration 1..7 (0 needs a program config element), found ${ch}`);
  }
  if (!Number.isInteger(len) || len < 7 || len > 0x1fff) {
    throw new MediaError('UNSUPPORTED', `expected an ADTS aac_frame_length 7..8191 (13 bits, header included), found ${len}`);
  }
  target[offset] = 0xff; // syncword 0xFFF ...
  target[offset + 1] = 0xf1; // ... ID 0, layer 00, protection_absent 1
  target[offset + 2] = ((objectType - 1) << 6) | (sfi << 2) | (ch >> 2); // profile, sampling_frequency_index, private_bit 0, channel_configuration bit 2
  target[offset + 3] = ((ch & 3) << 6) | (len >> 11); // channel_configuration bits 1..0, original/home/copyright 0, aac_frame_length bits 12..11
  target[offset + 4] = (len >> 3) & 0xff; // aac_frame_length bits 10..3
  target[offset + 5] = ((len & 7) << 5) | 0x1f; // aac_frame_length bits 2..0, adts_buffer_fullness bits 10..6
  target[offset + 6] = 0xfc; // adts_buffer_fullness bits 5..0, number_of_raw_data_blocks_in_frame 0
  return 7;
}
