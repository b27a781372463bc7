import type { BlockCipher } from '../cenc/BlockCipher.ts';

/**
 * What HLS SAMPLE-AES encrypts with (Apple, "MPEG-2 Stream Encryption Format
 * for HTTP Live Streaming" 2.1): the 16-byte AES-128 key, the 16-byte IV of
 * the `EXT-X-KEY` tag, which every protected block (NAL unit, audio frame)
 * starts its CBC chain from, and the cipher (injected: the core stays pure).
 */
export interface SampleAesKey {
  key: Uint8Array;
  iv: Uint8Array;
  cipher: BlockCipher;
}
