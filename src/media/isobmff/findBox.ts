import type { BoxHeader } from './BoxHeader.ts';
import { iterateBoxes } from './iterateBoxes.ts';

/**
 * The first child box of `type` inside `parent` (or inside `bytes[start, end)`
 * when `parent` is a range), or `undefined`. `skip` is the number of payload
 * bytes that precede the children (e.g. 8 for `stsd`: version, flags, entry_count).
 */
export function findBox(bytes: Uint8Array, parent: BoxHeader, type: string, skip = 0): BoxHeader | undefined {
  for (const box of iterateBoxes(bytes, parent.contentStart + skip, parent.end)) {
    if (box.type === type) return box;
  }
  return undefined;
}
