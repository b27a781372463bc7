import { MediaError } from '../errors/MediaError.ts';

/**
 * MSB-first bit reader with Exp-Golomb codes (ITU-T H.264 9.1). Callers pass
 * RBSP (emulation-prevention bytes already removed, see `removeEmulationPrevention`).
 */
export class BitReader {
  private readonly bytes: Uint8Array;
  private bitPos = 0;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  get bitsLeft(): number {
    return this.bytes.byteLength * 8 - this.bitPos;
  }

  bit(): number {
    if (this.bitPos >= this.bytes.byteLength * 8) {
      throw new MediaError('TRUNCATED', `bitstream ended after ${this.bitPos} bits`);
    }
    const v = (this.bytes[this.bitPos >>> 3] >>> (7 - (this.bitPos & 7))) & 1;
    this.bitPos++;
    return v;
  }

  bits(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 2 + this.bit();
    return v;
  }

  skipBits(n: number): void {
    if (this.bitPos + n > this.bytes.byteLength * 8) {
      throw new MediaError('TRUNCATED', `bitstream ended: cannot skip ${n} bits at ${this.bitPos}`);
    }
    this.bitPos += n;
  }

  bool(): boolean {
    return this.bit() === 1;
  }

  /** ue(v) */
  ue(): number {
    let zeros = 0;
    while (this.bit() === 0) {
      zeros++;
      if (zeros > 31) throw new MediaError('MALFORMED', 'Exp-Golomb code longer than 32 bits');
    }
    return 2 ** zeros - 1 + this.bits(zeros);
  }

  /** se(v) */
  se(): number {
    const k = this.ue();
    return k % 2 === 1 ? (k + 1) / 2 : -(k / 2);
  }
}
