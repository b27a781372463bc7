/**
 * Where one box sits in a byte array (ISO/IEC 14496-12 4.2): `start` is the
 * first byte of the size field, `contentStart` the first byte after the header
 * (after the 64-bit largesize and the `uuid` extended type when present), and
 * `end` one past the last byte.
 */
export interface BoxHeader {
  type: string;
  start: number;
  size: number;
  headerSize: number;
  contentStart: number;
  end: number;
}
