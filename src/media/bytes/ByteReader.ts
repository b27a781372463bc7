import { MediaError } from '../errors/MediaError.ts';

/**
 * Big-endian cursor over a byte view. Every read is bounds-checked and throws a
 * `MediaError` with code `TRUNCATED` naming what was being read, so a corrupt
 * box or table never turns into an out-of-range read deep in a writer.
 */
export class ByteReader {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  offset: number;
  readonly end: number;

  constructor(bytes: Uint8Array, offset = 0, end = bytes.byteLength) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.offset = offset;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.offset;
  }

  private need(n: number, what: string): void {
    if (this.offset + n > this.end) {
      throw new MediaError('TRUNCATED', `expected ${n} more byte(s) for ${what} at offset ${this.offset}, found ${this.end - this.offset}`);
    }
  }

  u8(what = 'u8'): number {
    this.need(1, what);
    return this.view.getUint8(this.offset++);
  }

  u16(what = 'u16'): number {
    this.need(2, what);
    const v = this.view.getUint16(this.offset);
    this.offset += 2;
    return v;
  }

  u24(what = 'u24'): number {
    this.need(3, what);
    const v = (this.view.getUint16(this.offset) << 8) | this.view.getUint8(this.offset + 2);
    this.offset += 3;
    return v;
  }

  u32(what = 'u32'): number {
    this.need(4, what);
    const v = this.view.getUint32(this.offset);
    this.offset += 4;
    return v;
  }

  i32(what = 'i32'): number {
    this.need(4, what);
    const v = this.view.getInt32(this.offset);
    this.offset += 4;
    return v;
  }

  /** 64-bit unsigned as a JS number; throws past 2^53 rather than losing precision. */
  u64(what = 'u64'): number {
    this.need(8, what);
    const hi = this.view.getUint32(this.offset);
    const lo = this.view.getUint32(this.offset + 4);
    this.offset += 8;
    if (hi >= 0x200000) throw new MediaError('UNSUPPORTED', `${what} exceeds 2^53`);
    return hi * 0x1_0000_0000 + lo;
  }

  bytesView(n: number, what = 'bytes'): Uint8Array {
    this.need(n, what);
    const v = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return v;
  }

  fourcc(what = 'fourcc'): string {
    this.need(4, what);
    const b = this.bytes;
    const o = this.offset;
    this.offset += 4;
    return String.fromCharCode(b[o], b[o + 1], b[o + 2], b[o + 3]);
  }

  skip(n: number, what = 'skip'): void {
    this.need(n, what);
    this.offset += n;
  }
}
