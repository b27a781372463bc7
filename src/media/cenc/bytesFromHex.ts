import { MediaError } from '../errors/MediaError.ts';

/**
 * Bytes of a hexadecimal string (`0x` prefix and `-` separators of UUIDs
 * allowed). `length`, when given, is the byte count required: a 16-byte key
 * ID written with 31 digits is an error, not a silently shifted value.
 */
export function bytesFromHex(text: string, length?: number): Uint8Array {
  const clean = text.replace(/^0x/i, '').replace(/-/g, '');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(clean)) throw new MediaError('MALFORMED', `expected hexadecimal bytes, found "${text}"`);
  if (length !== undefined && clean.length !== length * 2) throw new MediaError('MALFORMED', `expected ${length} bytes (${length * 2} hex digits), found ${clean.length} digits in "${text}"`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.byteLength; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}
