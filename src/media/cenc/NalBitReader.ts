import { MediaError } from '../errors/MediaError.ts';

/**
 * MSB-first bit reader with Exp-Golomb codes (ITU-T H.264 9.1, H.265 9.2)
 * over a NAL unit *as stored*: emulation prevention bytes (the `0x03` of
 * `0x00 0x00 0x03`, H.264 7.4.1 / H.265 7.4.2) are skipped as the bytes are
 * loaded, so the caller sees the RBSP without it being copied out first.
 *
 * Built for the slice headers every encrypted video sample is parsed for
 * (`planNalSubsamples`): the bits wait in a small integer cache, and ue(v)
 * counts its leading zeros with `Math.clz32` instead of bit by bit. Errors
 * are those of `BitReader`: `TRUNCATED` past the end, `MALFORMED` for an
 * Exp-Golomb code longer than 32 bits.
 */
export class NalBitReader {
  private readonly data: Uint8Array;
  private readonly end: number;
  /** Next stored byte to load. */
  private pos: number;
  /** Zero bytes loaded in a row, to recognise `0x00 0x00 0x03`. */
  private zeros = 0;
  /** Loaded bits not read yet, right-aligned; `cached` of them (at most 31). */
  private cache = 0;
  private cached = 0;
  /** RBSP bits read so far. */
  bitsRead = 0;

  /** Reads `data[start, end)`; `start` is where the RBSP to read begins (after the NAL unit header). */
  constructor(data: Uint8Array, start = 0, end = data.byteLength) {
    this.data = data;
    this.pos = start;
    this.end = end;
  }

  /** Appends the next RBSP byte to the cache (`cached` must be at most 23); false at the end. */
  private load(): boolean {
    if (this.pos >= this.end) return false;
    let b = this.data[this.pos++];
    if (b === 3 && this.zeros >= 2) {
      this.zeros = 0;
      if (this.pos >= this.end) return false;
      b = this.data[this.pos++];
    }
    this.zeros = b === 0 ? this.zeros + 1 : 0;
    this.cache = (this.cache << 8) | b;
    this.cached += 8;
    return true;
  }

  private truncated(n: number): MediaError {
    return new MediaError('TRUNCATED', `bitstream ended: cannot read ${n} bits after ${this.bitsRead}`);
  }

  /** u(n) for n up to 16. */
  private take(n: number): number {
    while (this.cached < n) if (!this.load()) throw this.truncated(n);
    this.cached -= n;
    const v = this.cache >>> this.cached;
    this.cache &= (1 << this.cached) - 1;
    this.bitsRead += n;
    return v;
  }

  bit(): number {
    return this.take(1);
  }

  bool(): boolean {
    return this.take(1) === 1;
  }

  /** u(n), n up to 32. */
  bits(n: number): number {
    if (n <= 16) return this.take(n);
    const high = this.take(16);
    return high * 2 ** (n - 16) + this.bits(n - 16);
  }

  skipBits(n: number): void {
    while (n > 16) {
      this.take(16);
      n -= 16;
    }
    if (n > 0) this.take(n);
  }

  /** ue(v) */
  ue(): number {
    while (this.cached <= 23 && this.load());
    if (this.cache !== 0) {
      // Usual case: the whole code (leading zeros, the 1, as many bits again) is in the cache.
      const leading = Math.clz32(this.cache) - (32 - this.cached);
      const length = 2 * leading + 1;
      if (length <= this.cached) {
        this.cached -= length;
        const code = this.cache >>> this.cached;
        this.cache &= (1 << this.cached) - 1;
        this.bitsRead += length;
        return code - 1;
      }
    }
    let zeros = 0;
    for (;;) {
      if (this.cached <= 16) this.load();
      if (this.cached === 0) throw this.truncated(1);
      if (this.cache === 0) {
        zeros += this.cached;
        this.bitsRead += this.cached;
        this.cached = 0;
        if (zeros > 31) throw new MediaError('MALFORMED', 'Exp-Golomb code longer than 32 bits');
        continue;
      }
      const leading = Math.clz32(this.cache) - (32 - this.cached);
      zeros += leading;
      if (zeros > 31) throw new MediaError('MALFORMED', 'Exp-Golomb code longer than 32 bits');
      this.cached -= leading + 1;
      this.cache &= (1 << this.cached) - 1;
      this.bitsRead += leading + 1;
      break;
    }
    return zeros === 0 ? 0 : 2 ** zeros - 1 + this.bits(zeros);
  }

  /** se(v) */
  se(): number {
    const k = this.ue();
    return k % 2 === 1 ? (k + 1) / 2 : -(k / 2);
  }
}
