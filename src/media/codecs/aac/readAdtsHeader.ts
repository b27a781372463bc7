import { MediaError } from '../../errors/MediaError.ts';
import type { AdtsHeader } from './AdtsHeader.ts';
import { aacSampleRates } from './aacSampleRates.ts';

export type { AdtsHeader } from './AdtsHeader.ts';

/**
 * Reads the ADTS fixed + variable header at `offset`
 * (ISO/IEC 13818-7 6.2 / ISO/IEC 14496-3 1.A.2.2).
 */
export function readAdtsHeader(bytes: Uint8Array, offset: number): AdtsHeader {
  if (offset + 7 > bytes.byteLength) {
    throw new MediaError('TRUNCATED', `expected a 7-byte ADTS header at offset ${offset}, found ${Math.max(0, bytes.byteLength - offset)} byte(s)`, { offset });
  }
  const b = bytes;
  const o = offset;
  if (b[o] !== 0xff || (b[o + 1] & 0xf6) !== 0xf0) {
    const found = `0x${b[o].toString(16).padStart(2, '0')}${b[o + 1].toString(16).padStart(2, '0')}`;
    throw new MediaError('MALFORMED', `expected ADTS syncword 0xFFF with layer 0 at offset ${offset}, found ${found}`, { offset });
  }
  const protectionAbsent = b[o + 1] & 1;
  const profile = b[o + 2] >> 6;
  const samplingFrequencyIndex = (b[o + 2] >> 2) & 0x0f;
  const sampleRate = aacSampleRates[samplingFrequencyIndex];
  if (sampleRate === undefined) {
    throw new MediaError('MALFORMED', `expected an ADTS sampling_frequency_index 0..12 at offset ${offset}, found ${samplingFrequencyIndex}`, { offset });
  }
  const channelConfiguration = ((b[o + 2] & 1) << 2) | (b[o + 3] >> 6);
  const frameLength = ((b[o + 3] & 3) << 11) | (b[o + 4] << 3) | (b[o + 5] >> 5);
  const rawDataBlocks = b[o + 6] & 3;
  const headerLength = protectionAbsent ? 7 : 9;
  if (frameLength < headerLength) {
    throw new MediaError('MALFORMED', `expected an ADTS aac_frame_length >= ${headerLength} at offset ${offset}, found ${frameLength}`, { offset });
  }
  return {
    objectType: profile + 1, samplingFrequencyIndex, sampleRate, channelConfiguration,
    frameLength, headerLength, rawDataBlocks, samplesPerFrame: 1024 * (rawDataBlocks + 1),
  };
}
