import { MediaError } from '../errors/MediaError.ts';
import type { CodecConfig } from '../model/CodecConfig.ts';
import { writeAudioSetupInformation } from '../sampleaes/writeAudioSetupInformation.ts';

/**
 * stream_type values of SAMPLE-AES streams (Apple, "MPEG-2 Stream Encryption
 * Format for HTTP Live Streaming" 3.0), new values so that a player without
 * the key does not feed ciphertext to a decoder.
 */
const STREAM_TYPE = { avc: 0xdb, aac: 0xcf, ac3: 0xc1, ec3: 0xc2 } as const;
/** private_data_indicator values (big-endian four-character codes), 3.0. */
const PRIVATE_DATA_INDICATOR = { avc: 'zavc', aac: 'aacd', ac3: 'ac3d', ec3: 'ec3d' } as const;
/** ISO/IEC 13818-1 2.6.28, Table 2-58. */
const PRIVATE_DATA_INDICATOR_TAG = 0x0f;
/** ISO/IEC 13818-1 2.6.8, Table 2-40. */
const REGISTRATION_TAG = 0x05;

/**
 * The PMT entry (stream_type and ES_info descriptors) of a SAMPLE-AES
 * elementary stream (Apple MPEG-2 Stream Encryption 3.0):
 *
 * - H.264: stream_type 0xDB and a `private_data_indicator_descriptor`
 *   (tag 0x0F, length 4) holding 'zavc';
 * - AAC (ADTS), AC-3, E-AC-3: stream_type 0xCF, 0xC1, 0xC2, a
 *   `private_data_indicator_descriptor` holding 'aacd', 'ac3d', 'ec3d', then
 *   a `registration_descriptor` (tag 0x05) whose format_identifier is 'apad'
 *   and whose additional_identification_info is the audio setup information
 *   (`writeAudioSetupInformation`, 2.3.4).
 *
 * H.265 is not part of SAMPLE-AES for MPEG-TS (Apple's specification has no
 * H.265 there) and is refused.
 */
export function sampleAesPmtEntry(config: CodecConfig): { streamType: number; esInfo: Uint8Array } {
  if (config.codec !== 'avc' && config.codec !== 'aac' && config.codec !== 'ac3' && config.codec !== 'ec3') {
    throw new MediaError('UNSUPPORTED', `expected H.264 video or AAC, AC-3 or E-AC-3 audio for HLS SAMPLE-AES in MPEG-TS, found ${config.codec}`);
  }
  const indicator = [PRIVATE_DATA_INDICATOR_TAG, 4, ...fourCc(PRIVATE_DATA_INDICATOR[config.codec])];
  if (config.codec === 'avc') return { streamType: STREAM_TYPE.avc, esInfo: Uint8Array.from(indicator) };
  const setup = writeAudioSetupInformation(config);
  const registration = [REGISTRATION_TAG, 4 + setup.byteLength, ...fourCc('apad'), ...setup];
  return { streamType: STREAM_TYPE[config.codec], esInfo: Uint8Array.from([...indicator, ...registration]) };
}

function fourCc(code: string): number[] {
  return [...code].map((c) => c.charCodeAt(0));
}
