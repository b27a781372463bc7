/** The first 16 bytes of the frame after its header stay clear (Listing 2-2 `unencrypted_leader`). */
const CLEAR_LEADER = 16;

/**
 * The SAMPLE-AES pattern of one raw AAC frame, applied in place (Apple
 * MPEG-2 Stream Encryption 2.3.2, Listing 2-2): the first 16 bytes clear,
 * every following whole 16-byte block encrypted as one CBC chain through
 * `cbc` (restarted from the IV at every call: `restartingCbc`), the 0 to 15
 * bytes left over clear. A frame under 32 bytes is left as it is.
 */
export function encryptAudioFrameBlocks(frame: Uint8Array, cbc: (blocks: Uint8Array) => Uint8Array): void {
  const whole = Math.floor((frame.byteLength - CLEAR_LEADER) / 16) * 16;
  // The chain whitens its input in place; its answer overwrites the same bytes.
  if (whole > 0) frame.set(cbc(frame.subarray(CLEAR_LEADER, CLEAR_LEADER + whole)), CLEAR_LEADER);
}
