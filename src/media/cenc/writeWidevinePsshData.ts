import type { ProtectionScheme } from './ProtectionScheme.ts';

/**
 * The data of a Widevine `pssh` (WidevinePsshData protobuf, as
 * shaka-packager's WidevinePsshGenerator writes it): field 2 `key_id` (one
 * per key) and field 9 `protection_scheme` (the scheme's four-character code
 * as a varint, left out when the scheme is not known, as for a SPEKE v1
 * request, which does not say it). Enough for a Widevine license proxy that
 * knows the key; the built-in key store is not a Widevine license server.
 */
export function writeWidevinePsshData(kids: readonly Uint8Array[], scheme?: ProtectionScheme): Uint8Array {
  const bytes: number[] = [];
  for (const kid of kids) bytes.push(0x12, kid.byteLength, ...kid);
  if (scheme === undefined) return Uint8Array.from(bytes);
  let fourcc = ((scheme.charCodeAt(0) << 24) | (scheme.charCodeAt(1) << 16) | (scheme.charCodeAt(2) << 8) | scheme.charCodeAt(3)) >>> 0;
  bytes.push(0x48);
  while (fourcc >= 0x80) {
    bytes.push((fourcc & 0x7f) | 0x80);
    fourcc = Math.floor(fourcc / 128);
  }
  bytes.push(fourcc);
  return Uint8Array.from(bytes);
}
