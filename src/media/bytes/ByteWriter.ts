/**
 * Growable big-endian writer. Boxes are written by reserving a size field with
 * `beginBox` and patching it in `endBox`, so nested writers never compute sizes
 * twice.
 */
export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.buf = new Uint8Array(initialCapacity);
    this.view = new DataView(this.buf.buffer);
  }

  private ensure(n: number): void {
    if (this.length + n <= this.buf.byteLength) return;
    let cap = this.buf.byteLength * 2;
    while (cap < this.length + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): this {
    this.ensure(1);
    this.view.setUint8(this.length, v);
    this.length += 1;
    return this;
  }

  u16(v: number): this {
    this.ensure(2);
    this.view.setUint16(this.length, v);
    this.length += 2;
    return this;
  }

  u24(v: number): this {
    this.ensure(3);
    this.view.setUint16(this.length, v >>> 8);
    this.view.setUint8(this.length + 2, v & 0xff);
    this.length += 3;
    return this;
  }

  u32(v: number): this {
    this.ensure(4);
    this.view.setUint32(this.length, v >>> 0);
    this.length += 4;
    return this;
  }

  i32(v: number): this {
    this.ensure(4);
    this.view.setInt32(this.length, v);
    this.length += 4;
    return this;
  }

  u64(v: number): this {
    this.ensure(8);
    this.view.setUint32(this.length, Math.floor(v / 0x1_0000_0000));
    this.view.setUint32(this.length + 4, v >>> 0);
    this.length += 8;
    return this;
  }

  bytes(b: Uint8Array): this {
    this.ensure(b.byteLength);
    this.buf.set(b, this.length);
    this.length += b.byteLength;
    return this;
  }

  fourcc(s: string): this {
    if (s.length !== 4) throw new Error(`fourcc must be 4 characters: ${s}`);
    this.ensure(4);
    for (let i = 0; i < 4; i++) this.buf[this.length + i] = s.charCodeAt(i);
    this.length += 4;
    return this;
  }

  zeros(n: number): this {
    this.ensure(n);
    this.buf.fill(0, this.length, this.length + n);
    this.length += n;
    return this;
  }

  /** Starts a box: writes a placeholder size and the type; returns the start offset for `endBox`. */
  beginBox(type: string): number {
    const start = this.length;
    this.u32(0).fourcc(type);
    return start;
  }

  /** Starts a full box (ISO/IEC 14496-12 4.2): size, type, version, 24-bit flags. */
  beginFullBox(type: string, version: number, flags: number): number {
    const start = this.beginBox(type);
    this.u8(version).u24(flags);
    return start;
  }

  endBox(start: number): void {
    this.view.setUint32(start, this.length - start);
  }

  /** Overwrites a u32 written earlier (e.g. `trun` data_offset once the `moof` size is known). */
  patchU32(at: number, v: number): void {
    this.view.setUint32(at, v >>> 0);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}
