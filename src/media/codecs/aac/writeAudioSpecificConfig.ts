import { BitWriter } from '../../bytes/BitWriter.ts';
import { MediaError } from '../../errors/MediaError.ts';

/**
 * Writes a minimal AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1):
 * audioObjectType, samplingFrequencyIndex, channelConfiguration and, for
 * general audio object types, a GASpecificConfig of three zero flags
 * (1024-sample frames, no core coder, no extension). 48 kHz stereo AAC LC
 * gives 0x11 0x90.
 */
export function writeAudioSpecificConfig(config: { objectType: number; samplingFrequencyIndex: number; channelConfiguration: number }): Uint8Array {
  const { objectType, samplingFrequencyIndex, channelConfiguration } = config;
  if (!Number.isInteger(objectType) || objectType < 1 || objectType > 95) {
    throw new MediaError('UNSUPPORTED', `expected an audioObjectType 1..95, found ${objectType}`);
  }
  if (!Number.isInteger(samplingFrequencyIndex) || samplingFrequencyIndex < 0 || samplingFrequencyIndex > 12) {
    throw new MediaError('UNSUPPORTED', `expected a samplingFrequencyIndex 0..12, found ${samplingFrequencyIndex}`);
  }
  if (!Number.isInteger(channelConfiguration) || channelConfiguration < 0 || channelConfiguration > 15) {
    throw new MediaError('UNSUPPORTED', `expected a channelConfiguration 0..15, found ${channelConfiguration}`);
  }
  const w = new BitWriter();
  if (objectType >= 31) w.bits(5, 31).bits(6, objectType - 32);
  else w.bits(5, objectType);
  w.bits(4, samplingFrequencyIndex).bits(4, channelConfiguration);
  if (objectType <= 4 || objectType === 6 || objectType === 7 || (objectType >= 17 && objectType <= 23 && objectType !== 18)) {
    w.bits(3, 0); // frameLengthFlag, dependsOnCoreCoder, extensionFlag
  }
  return w.finish();
}
