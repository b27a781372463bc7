/** The NAL unit header byte and the 31 bytes after it stay clear (Listing 2-1 `unencrypted_leader`). */
const CLEAR_LEADER = 32;
/** One 16-byte block encrypted, then up to 144 bytes (nine blocks) clear: 10% skip encryption. */
const PERIOD = 160;

/**
 * The SAMPLE-AES pattern of one H.264 NAL unit, applied in place to
 * `bytes[start, end)` (Apple MPEG-2 Stream Encryption 2.2, Listing 2-1):
 * nothing unless it is a coded slice (`nal_unit_type` 1 or 5) longer than
 * 48 bytes; then, from byte 32, one 16-byte block encrypted while more than
 * 16 bytes remain, then up to 144 bytes clear, the blocks of the NAL unit
 * forming one CBC chain through `cbc` (which restarts from the IV at every
 * call: `restartingCbc`). Emulation prevention is the caller's
 * (`encryptSampleAesNalUnit`). Returns whether anything was encrypted.
 *
 * `scratch.buffer` is reused between calls for the gathered blocks (grown
 * when too small), so a segment's slices cost the cipher's output only.
 */
export function encryptSliceBlocks(bytes: Uint8Array, start: number, end: number, cbc: (blocks: Uint8Array) => Uint8Array, scratch: { buffer: Uint8Array }): boolean {
  const length = end - start;
  const type = length > 0 ? bytes[start] & 0x1f : 0;
  if ((type !== 1 && type !== 5) || length <= CLEAR_LEADER + 16) return false;
  const blocks = Math.ceil((length - CLEAR_LEADER - 16) / PERIOD);
  if (scratch.buffer.byteLength < blocks * 16) scratch.buffer = new Uint8Array(Math.max(blocks * 16, 2 * scratch.buffer.byteLength));
  // Gathered and scattered by hand: a view per 16-byte block costs more than copying it.
  const gathered = scratch.buffer.subarray(0, blocks * 16);
  for (let b = 0, at = start + CLEAR_LEADER; b < blocks; b++, at += PERIOD) {
    for (let k = 0; k < 16; k++) gathered[b * 16 + k] = bytes[at + k];
  }
  const encrypted = cbc(gathered);
  for (let b = 0, at = start + CLEAR_LEADER; b < blocks; b++, at += PERIOD) {
    for (let k = 0; k < 16; k++) bytes[at + k] = encrypted[b * 16 + k];
  }
  return true;
}
