/**
 * 32-bit FNV-1a hash as 8 hex digits: a short, pure fingerprint for readable
 * dumps (`mdat size=... fnv1a=...`). Not cryptographic; `node:crypto` is not
 * available in the media core.
 */
export function fnv1a32(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
