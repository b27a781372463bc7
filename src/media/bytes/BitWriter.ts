/** MSB-first bit writer, the mirror of `BitReader` (used for AudioSpecificConfig, hvcC fields, tests). */
export class BitWriter {
  private readonly out: number[] = [];
  private cur = 0;
  private used = 0;

  bits(n: number, v: number): this {
    for (let i = n - 1; i >= 0; i--) {
      this.cur = (this.cur << 1) | (Math.floor(v / 2 ** i) & 1);
      this.used++;
      if (this.used === 8) {
        this.out.push(this.cur);
        this.cur = 0;
        this.used = 0;
      }
    }
    return this;
  }

  ue(v: number): this {
    const x = v + 1;
    const len = Math.floor(Math.log2(x));
    this.bits(len, 0);
    return this.bits(len + 1, x);
  }

  se(v: number): this {
    return this.ue(v <= 0 ? -2 * v : 2 * v - 1);
  }

  /** Pads with zero bits to a byte boundary and returns the bytes. */
  finish(): Uint8Array {
    const out = [...this.out];
    if (this.used > 0) out.push(this.cur << (8 - this.used));
    return Uint8Array.from(out);
  }
}
