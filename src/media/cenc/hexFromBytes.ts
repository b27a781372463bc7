/** Lower-case hexadecimal of `bytes` (key IDs, keys and IVs in manifests, dumps and logs). */
export function hexFromBytes(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.byteLength; i++) s += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
  return s;
}
