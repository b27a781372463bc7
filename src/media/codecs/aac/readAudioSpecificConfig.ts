import { BitReader } from '../../bytes/BitReader.ts';
import { MediaError } from '../../errors/MediaError.ts';
import type { AudioSpecificConfig } from './AudioSpecificConfig.ts';
import { aacSampleRates } from './aacSampleRates.ts';

export type { AudioSpecificConfig } from './AudioSpecificConfig.ts';

/** Object types using GASpecificConfig (ISO/IEC 14496-3 1.6.2.1). */
const GA_TYPES = new Set([1, 2, 3, 4, 6, 7, 17, 19, 20, 21, 22, 23]);

/**
 * Reads an AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1), recognising HE-AAC
 * both in explicit hierarchical signalling (object type 5/29 first) and in
 * backward-compatible signalling (sync extension 0x2B7 / 0x548 after
 * GASpecificConfig, 1.6.6.2).
 */
export function readAudioSpecificConfig(bytes: Uint8Array): AudioSpecificConfig {
  if (bytes.byteLength < 2) {
    throw new MediaError('TRUNCATED', `expected an AudioSpecificConfig of at least 2 bytes, found ${bytes.byteLength}`);
  }
  const r = new BitReader(bytes);
  let objectType = readObjectType(r);
  let { index: samplingFrequencyIndex, rate: sampleRate } = readFrequency(r);
  const channelConfiguration = r.bits(4);
  const config: AudioSpecificConfig = { objectType, samplingFrequencyIndex, sampleRate, channelConfiguration };
  if (objectType === 5 || objectType === 29) {
    config.extensionObjectType = objectType;
    config.extensionSampleRate = readFrequency(r).rate;
    objectType = readObjectType(r);
    config.objectType = objectType;
    return config;
  }
  // Backward-compatible signalling sits after GASpecificConfig, which is only walkable without a PCE.
  if (!GA_TYPES.has(objectType) || channelConfiguration === 0) return config;
  r.skipBits(1); // frameLengthFlag
  if (r.bool()) r.skipBits(14); // dependsOnCoreCoder -> coreCoderDelay
  const extensionFlag = r.bool();
  if (objectType === 6 || objectType === 20) r.skipBits(3); // layerNr
  if (extensionFlag) {
    if (objectType === 22) r.skipBits(16); // numOfSubFrame, layer_length
    if (objectType === 17 || objectType === 19 || objectType === 20 || objectType === 23) r.skipBits(3);
    r.skipBits(1); // extensionFlag3
  }
  if (r.bitsLeft >= 16 && r.bits(11) === 0x2b7 && readObjectType(r) === 5 && r.bool()) {
    config.extensionObjectType = 5;
    config.extensionSampleRate = readFrequency(r).rate;
    if (r.bitsLeft >= 12 && r.bits(11) === 0x548 && r.bool()) config.extensionObjectType = 29;
  }
  return config;
}

function readObjectType(r: BitReader): number {
  const t = r.bits(5);
  return t === 31 ? 32 + r.bits(6) : t;
}

function readFrequency(r: BitReader): { index: number; rate: number } {
  const index = r.bits(4);
  if (index === 15) return { index, rate: r.bits(24) };
  const rate = aacSampleRates[index];
  if (rate === undefined) throw new MediaError('MALFORMED', `expected samplingFrequencyIndex 0..12 or 15, found ${index}`);
  return { index, rate };
}
