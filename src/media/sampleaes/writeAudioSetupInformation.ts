import { MediaError } from '../errors/MediaError.ts';
import { readAudioSpecificConfig } from '../codecs/aac/readAudioSpecificConfig.ts';
import { writeAc3SetupHeader } from '../codecs/ac3/writeAc3SetupHeader.ts';
import type { CodecConfig } from '../model/CodecConfig.ts';

/**
 * The audio setup information of a SAMPLE-AES audio stream (Apple, "MPEG-2
 * Stream Encryption Format for HTTP Live Streaming" 2.3.4, Listing 2-4),
 * which the PMT carries in a registration descriptor because the encrypted
 * frames cannot be probed:
 *
 * ```
 * audio_type         4 bytes  'zaac' (AAC LC), 'zach' (HE-AAC), 'zacp' (HE-AAC v2), 'zac3' (AC-3), 'zec3' (E-AC-3)
 * priming            2 bytes  0: priming is not signalled here
 * version            1 byte   1
 * setup_data_length  1 byte
 * setup_data         AAC: the AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1);
 *                    AC-3: the first 10 bytes of a syncframe (`writeAc3SetupHeader`);
 *                    E-AC-3: the EC3SpecificBox payload (`dec3`, ETSI TS 102 366 F.6)
 * ```
 *
 * The layout nginx-vod-module and shaka-packager write, and ffmpeg's HLS
 * demuxer reads (it parses AC-3 setup data as a syncframe header and E-AC-3
 * setup data as `dec3`).
 */
export function writeAudioSetupInformation(config: Extract<CodecConfig, { codec: 'aac' | 'ac3' | 'ec3' }>): Uint8Array {
  let type: string;
  let setup: Uint8Array;
  if (config.codec === 'aac') {
    const { extensionObjectType } = readAudioSpecificConfig(config.audioSpecificConfig);
    type = extensionObjectType === 29 ? 'zacp' : extensionObjectType === 5 ? 'zach' : 'zaac';
    setup = config.audioSpecificConfig;
  } else if (config.codec === 'ac3') {
    type = 'zac3';
    setup = writeAc3SetupHeader(config.dac3);
  } else {
    type = 'zec3';
    setup = config.dec3;
  }
  // 8 bytes here and 4 of `apad` must fit a descriptor's 8-bit length.
  if (setup.byteLength > 255 - 12) {
    throw new MediaError('UNSUPPORTED', `expected setup data of at most ${255 - 12} bytes for SAMPLE-AES audio setup information, found ${setup.byteLength}`);
  }
  const out = new Uint8Array(8 + setup.byteLength);
  for (let i = 0; i < 4; i++) out[i] = type.charCodeAt(i);
  out[6] = 1;
  out[7] = setup.byteLength;
  out.set(setup, 8);
  return out;
}
