/**
 * Reusable buffers for the source bytes one segment request reads. A cold
 * origin reads a few hundred KB per request and drops them a millisecond
 * later; allocating them afresh every time is most of the external memory V8
 * has to account and sweep (garbage collection time, and RSS under load).
 * Buffers are not zeroed (every byte handed out is overwritten by a read
 * first). At most `maxFreeBytes` wait in the pool; a buffer larger than that,
 * or one released while the pool is full, is left to the garbage collector.
 */
export class SourceBufferPool {
  private readonly free: ArrayBuffer[] = [];
  private freeBytes = 0;
  private readonly maxFreeBytes: number;

  constructor(options: { maxFreeBytes?: number } = {}) {
    this.maxFreeBytes = options.maxFreeBytes ?? 32 << 20;
  }

  /** A view of exactly `bytes` bytes, from the pool when a free buffer is large enough (the smallest such). */
  acquire(bytes: number): Uint8Array {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const size = this.free[i].byteLength;
      if (size >= bytes && (best < 0 || size < this.free[best].byteLength)) best = i;
    }
    if (best >= 0) {
      const buffer = this.free[best];
      this.free[best] = this.free[this.free.length - 1];
      this.free.pop();
      this.freeBytes -= buffer.byteLength;
      return new Uint8Array(buffer, 0, bytes);
    }
    // Rounded up so a slightly larger request later can reuse it.
    const capacity = Math.ceil(Math.max(bytes, 1) / 65536) * 65536;
    return new Uint8Array(Buffer.allocUnsafeSlow(capacity).buffer, 0, bytes);
  }

  /** Gives back a view from `acquire`; nothing may use it afterwards. */
  release(view: Uint8Array): void {
    const buffer = view.buffer as ArrayBuffer;
    if (this.freeBytes + buffer.byteLength > this.maxFreeBytes) return;
    this.free.push(buffer);
    this.freeBytes += buffer.byteLength;
  }

  /** Bytes waiting in the pool (for tests and diagnostics). */
  get pooledBytes(): number {
    return this.freeBytes;
  }
}
