/**
 * The AES primitives Common Encryption and HLS AES-128 need, injected so the
 * media core stays free of platform crypto (a Node adapter wraps
 * `node:crypto`; a browser one could wrap WebCrypto). Keys and IVs are 16
 * bytes. Every call returns new bytes of the input's length and leaves the
 * input untouched.
 */
export interface BlockCipher {
  /** AES-128-CBC encryption without padding (`data.byteLength` is a multiple of 16). */
  aesCbc(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array;
  /**
   * AES-128-CBC whose chain runs on from one call to the next, as one long
   * `aesCbc`: `cbcs` restarts a chain per subsample by whitening its first
   * block (`encryptSamples`), which saves creating a cipher per subsample.
   */
  aesCbcChain(key: Uint8Array, iv: Uint8Array): (data: Uint8Array) => Uint8Array;
  /** AES-128-CBC decryption without padding (the inverse of `aesCbc`). */
  aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array;
  /** AES-128-CTR from the 16-byte initial counter block `counter`, incremented as a 128-bit big-endian number (ISO/IEC 23001-7 10.1); its own inverse. */
  aesCtr(key: Uint8Array, counter: Uint8Array, data: Uint8Array): Uint8Array;
  /**
   * AES-128-CTR whose keystream runs on from one call to the next, as one
   * long `aesCtr` from `counter`, with each call's output lent to `use`
   * rather than given: the encrypted bytes are valid only until `use`
   * returns (the one exception to "new bytes back"). `encryptSamples`
   * encrypts a segment's CTR stream a cache-sized piece at a time this way:
   * an adapter whose platform hands back new bytes gives each buffer back as
   * soon as `use` has copied from it, so the next piece reuses the same warm
   * memory instead of every request leaving a segment-sized buffer for the
   * garbage collector and touching fresh pages (which costs about as much as
   * the AES itself).
   */
  aesCtrStream(key: Uint8Array, counter: Uint8Array): (data: Uint8Array, use: (encrypted: Uint8Array) => void) => void;
  /**
   * AES-128 of every 16-byte block of `blocks` on its own (ECB, no padding;
   * `blocks.byteLength` is a multiple of 16), lent to `use` as `aesCtrStream`
   * lends. The keystream of counter blocks that do not follow one another:
   * PIFF's samples each count from their own 8-byte IV (`encryptSamples`).
   */
  aesEcb(key: Uint8Array, blocks: Uint8Array, use: (encrypted: Uint8Array) => void): void;
}
