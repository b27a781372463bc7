import { MediaError } from '../errors/MediaError.ts';
import type { CodecConfig } from '../model/CodecConfig.ts';
import { writeAudioSetupInformation } from '../sampleaes/writeAudioSetupInformation.ts';

/**
 * stream_type values of SAMPLE-AES streams (Apple, "MPEG-2 Stream Encryption
 * Format for HTTP Live Streaming" 3.0), new values so that a player without
 * the key does not feed ciphertext to a decoder. (AC-3 0xC1 and E-AC-3 0xC2
 * are not written: Kinora does not encrypt Dolby audio.)
 */
const STREAM_TYPE = { avc: 0xdb, aac: 0xcf } as const;
/** private_data_indicator values (big-endian four-character codes), 3.0. */
const PRIVATE_DATA_INDICATOR = { avc: 'zavc', aac: 'aacd' } as const;
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
 * - AAC (ADTS): stream_type 0xCF, a `private_data_indicator_descriptor`
 *   holding 'aacd', then a `registration_descriptor` (tag 0x05) whose
 *   format_identifier is 'apad' and whose additional_identification_info is
 *   the audio setup information (`writeAudioSetupInformation`, 2.3.4).
 *
 * Other codecs are not part of SAMPLE-AES for TS as Kinora writes it: H.265
 * is not in Apple's specification at all, and Dolby audio is refused.
 */
export function sampleAesPmtEntry(config: CodecConfig): { streamType: number; esInfo: Uint8Array } {
  if (config.codec !== 'avc' && config.codec !== 'aac') {
    throw new MediaError('UNSUPPORTED', `expected H.264 video or AAC audio for HLS SAMPLE-AES in MPEG-TS, found ${config.codec}`);
  }
  const indicator = [PRIVATE_DATA_INDICATOR_TAG, 4, ...fourCc(PRIVATE_DATA_INDICATOR[config.codec])];
  if (config.codec === 'avc') return { streamType: STREAM_TYPE.avc, esInfo: Uint8Array.from(indicator) };
  const setup = writeAudioSetupInformation(config.audioSpecificConfig);
  const registration = [REGISTRATION_TAG, 4 + setup.byteLength, ...fourCc('apad'), ...setup];
  return { streamType: STREAM_TYPE.aac, esInfo: Uint8Array.from([...indicator, ...registration]) };
}

function fourCc(code: string): number[] {
  return [...code].map((c) => c.charCodeAt(0));
}
