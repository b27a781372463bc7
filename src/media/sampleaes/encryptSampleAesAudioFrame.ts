import { encryptAudioFrameBlocks } from './encryptAudioFrameBlocks.ts';
import { restartingCbc } from './restartingCbc.ts';
import type { SampleAesKey } from './SampleAesKey.ts';

/**
 * Encrypts one raw AAC frame (the `raw_data_block` an ADTS header will
 * precede, ISO/IEC 13818-7 6.2) as HLS SAMPLE-AES does (Apple, "MPEG-2
 * Stream Encryption Format for HTTP Live Streaming" 2.3.2, Listing 2-2):
 * the ADTS header (written later, by the TS writer) and the first 16 bytes
 * stay clear, every following whole 16-byte block is encrypted with
 * AES-128-CBC from the `EXT-X-KEY` IV, restarted for every frame (2.1), and
 * the 0 to 15 bytes left over stay clear. A frame of fewer than 32 bytes is
 * all clear. Returns new bytes of the frame's length, so ADTS frame lengths
 * and PES sizes do not change.
 *
 * `cbc`, when given, is the chain to use (`restartingCbc` of the same key and
 * IV, shared by a whole segment).
 */
export function encryptSampleAesAudioFrame(frame: Uint8Array, v: SampleAesKey & { cbc?: (blocks: Uint8Array) => Uint8Array }): Uint8Array {
  const out = frame.slice();
  encryptAudioFrameBlocks(out, v.cbc ?? restartingCbc(v));
  return out;
}
