import { MediaError } from '../errors/MediaError.ts';
import { readAudioSpecificConfig } from '../codecs/aac/readAudioSpecificConfig.ts';

/**
 * The audio setup information of a SAMPLE-AES AAC stream (Apple, "MPEG-2
 * Stream Encryption Format for HTTP Live Streaming" 2.3.4, Listing 2-4),
 * which the PMT carries in a registration descriptor because the encrypted
 * frames cannot be probed:
 *
 * ```
 * audio_type         4 bytes  'zaac' (AAC LC), 'zach' (HE-AAC), 'zacp' (HE-AAC v2)
 * priming            2 bytes  0: priming is not signalled here
 * version            1 byte   1
 * setup_data_length  1 byte
 * setup_data         the AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1)
 * ```
 *
 * The same layout nginx-vod-module and shaka-packager write.
 */
export function writeAudioSetupInformation(audioSpecificConfig: Uint8Array): Uint8Array {
  const { extensionObjectType } = readAudioSpecificConfig(audioSpecificConfig);
  // 8 bytes here and 4 of `apad` must fit a descriptor's 8-bit length.
  if (audioSpecificConfig.byteLength > 255 - 12) {
    throw new MediaError('UNSUPPORTED', `expected an AudioSpecificConfig of at most ${255 - 12} bytes for SAMPLE-AES audio setup information, found ${audioSpecificConfig.byteLength}`);
  }
  const type = extensionObjectType === 29 ? 'zacp' : extensionObjectType === 5 ? 'zach' : 'zaac';
  const out = new Uint8Array(8 + audioSpecificConfig.byteLength);
  for (let i = 0; i < 4; i++) out[i] = type.charCodeAt(i);
  out[6] = 1;
  out[7] = audioSpecificConfig.byteLength;
  out.set(audioSpecificConfig, 8);
  return out;
}
