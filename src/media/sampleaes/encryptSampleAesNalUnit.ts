import { addEmulationPrevention } from './addEmulationPrevention.ts';
import { encryptSliceBlocks } from './encryptSliceBlocks.ts';
import { restartingCbc } from './restartingCbc.ts';
import type { SampleAesKey } from './SampleAesKey.ts';

/**
 * Encrypts one H.264 NAL unit (without start code) as HLS SAMPLE-AES does
 * (Apple, "MPEG-2 Stream Encryption Format for HTTP Live Streaming" 2.2,
 * Listing 2-1), returning it as it goes into the Annex B byte stream:
 *
 * - only coded slices, `nal_unit_type` 1 (non-IDR) and 5 (IDR), longer than
 *   48 bytes are touched; every other NAL unit is returned as given;
 * - the first 32 bytes stay clear; then, while more than 16 bytes remain, one
 *   16-byte block is encrypted and up to 144 bytes are left clear (so the
 *   tail, 1 to 16 bytes at least, is always clear);
 * - the encrypted blocks of one NAL unit form one AES-128-CBC chain from the
 *   `EXT-X-KEY` IV, restarted for every NAL unit (2.1).
 *
 * Emulation prevention: "each NAL unit is formed with start code emulation
 * prevention applied" (2.2), so the bytes encrypted are the NAL unit as
 * stored, with its own emulation prevention bytes, and a second layer of
 * emulation prevention goes over the whole result, since ciphertext can hold
 * any byte sequence (an existing 0x000003 becomes 0x00000303). This is what
 * decryptors undo: ffmpeg (`hls_sample_encryption.c`: remove 0x03 bytes,
 * decrypt, nothing re-inserted), hls.js (`discardEPB`, decrypt) and
 * Android's `HlsSampleDecryptor` ("encrypted NALUs have extra start code
 * emulation prevention that must be stripped out before we can decrypt"),
 * and what nginx-vod-module and Bento4 write. Encrypting the RBSP instead and
 * escaping once would hand those decryptors an unescaped slice whenever the
 * stored one had an emulation prevention byte, which the decoder then
 * misreads. Decryptors test the 48-byte threshold on the received, escaped
 * length, which is never smaller than the length tested here, and compute
 * the blocks on the unescaped bytes, which are the ones encrypted here.
 *
 * `cbc`, when given, is the chain to use (`restartingCbc` of the same key and
 * IV, shared by a whole segment).
 */
export function encryptSampleAesNalUnit(nal: Uint8Array, v: SampleAesKey & { cbc?: (blocks: Uint8Array) => Uint8Array }): Uint8Array {
  const out = nal.slice();
  if (!encryptSliceBlocks(out, 0, out.byteLength, v.cbc ?? restartingCbc(v), { buffer: new Uint8Array(0) })) return nal;
  return addEmulationPrevention(out);
}
