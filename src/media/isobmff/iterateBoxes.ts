import { MediaError } from '../errors/MediaError.ts';
import type { BoxHeader } from './BoxHeader.ts';

/**
 * Iterates the boxes laid end to end in `bytes[start, end)` (ISO/IEC 14496-12 4.2):
 * size 1 means a 64-bit largesize follows the type, size 0 means "to the end
 * of the enclosing space", type `uuid` adds a 16-byte extended type to the header.
 * Throws `TRUNCATED` when a box claims more bytes than remain and `MALFORMED`
 * when a size is smaller than its own header.
 */
export function* iterateBoxes(bytes: Uint8Array, start = 0, end = bytes.byteLength): Generator<BoxHeader> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = start;
  while (at < end) {
    if (end - at < 8) {
      throw new MediaError('TRUNCATED', `expected an 8-byte box header at offset ${at}, found ${end - at} byte(s)`, { offset: at });
    }
    let size = view.getUint32(at);
    const type = String.fromCharCode(bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]);
    let headerSize = 8;
    if (size === 1) {
      if (end - at < 16) throw new MediaError('TRUNCATED', `expected a 64-bit largesize for '${type}' at offset ${at}`, { offset: at });
      const hi = view.getUint32(at + 8);
      const lo = view.getUint32(at + 12);
      if (hi >= 0x200000) throw new MediaError('UNSUPPORTED', `box '${type}' at offset ${at} is larger than 2^53 bytes`, { offset: at });
      size = hi * 0x1_0000_0000 + lo;
      headerSize = 16;
    } else if (size === 0) {
      size = end - at;
    }
    if (type === 'uuid') headerSize += 16;
    if (size < headerSize) {
      throw new MediaError('MALFORMED', `box '${type}' at offset ${at}: expected size >= ${headerSize}, found ${size}`, { offset: at });
    }
    if (at + size > end) {
      throw new MediaError('TRUNCATED', `box '${type}' at offset ${at}: expected ${size} bytes, found ${end - at}`, { offset: at });
    }
    yield { type, start: at, size, headerSize, contentStart: at + headerSize, end: at + size };
    at += size;
  }
}
