const table = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    t[i] = c >>> 0;
  }
  return t;
})();

/**
 * The MPEG-2 section CRC (ISO/IEC 13818-1 Annex A: polynomial 0x04C11DB7,
 * initial value 0xFFFFFFFF, no reflection, no final XOR). Run over a whole
 * section including its CRC_32 field, the result is 0 when the section is intact.
 */
export function crc32Mpeg2(bytes: Uint8Array, start = 0, end = bytes.byteLength): number {
  let crc = 0xffffffff;
  for (let i = start; i < end; i++) crc = (crc << 8) ^ table[((crc >>> 24) ^ bytes[i]) & 0xff];
  return crc >>> 0;
}
