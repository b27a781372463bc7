import { hexFromBytes } from './hexFromBytes.ts';

/** `8-4-4-4-12` UUID form of 16 bytes, as DASH writes system IDs and `cenc:default_KID` (RFC 4122 3). */
export function uuidFromBytes(bytes: Uint8Array): string {
  const h = hexFromBytes(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
