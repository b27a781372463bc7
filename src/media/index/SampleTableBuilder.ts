import type { SampleTable } from './SampleTable.ts';

/** Append-only builder with amortised growth; `finish()` trims to the exact count. */
export class SampleTableBuilder {
  private capacity: number;
  private t: SampleTable;

  constructor(initialCapacity = 1024) {
    this.capacity = initialCapacity;
    this.t = allocate(initialCapacity);
  }

  get count(): number {
    return this.t.count;
  }

  get table(): SampleTable {
    return this.t;
  }

  push(s: { decodeTime: number; compositionOffset: number; duration: number; size: number; flags: number; file: number; offset: number; end: number; part: number }): void {
    if (this.t.count === this.capacity) this.grow();
    const i = this.t.count++;
    const t = this.t;
    t.decodeTime[i] = s.decodeTime;
    t.compositionOffset[i] = s.compositionOffset;
    t.duration[i] = s.duration;
    t.size[i] = s.size;
    t.flags[i] = s.flags;
    t.file[i] = s.file;
    t.offset[i] = s.offset;
    t.end[i] = s.end;
    t.part[i] = s.part;
  }

  private grow(): void {
    const next = allocate(this.capacity * 2);
    copyInto(next, this.t, this.t.count);
    next.count = this.t.count;
    this.capacity *= 2;
    this.t = next;
  }

  finish(): SampleTable {
    const out = allocate(this.t.count);
    copyInto(out, this.t, this.t.count);
    out.count = this.t.count;
    return out;
  }
}

function allocate(n: number): SampleTable {
  return {
    count: 0,
    decodeTime: new Float64Array(n),
    compositionOffset: new Int32Array(n),
    duration: new Uint32Array(n),
    size: new Uint32Array(n),
    flags: new Uint8Array(n),
    file: new Uint32Array(n),
    offset: new Float64Array(n),
    end: new Float64Array(n),
    part: new Uint16Array(n),
  };
}

function copyInto(dst: SampleTable, src: SampleTable, n: number): void {
  dst.decodeTime.set(src.decodeTime.subarray(0, n));
  dst.compositionOffset.set(src.compositionOffset.subarray(0, n));
  dst.duration.set(src.duration.subarray(0, n));
  dst.size.set(src.size.subarray(0, n));
  dst.flags.set(src.flags.subarray(0, n));
  dst.file.set(src.file.subarray(0, n));
  dst.offset.set(src.offset.subarray(0, n));
  dst.end.set(src.end.subarray(0, n));
  dst.part.set(src.part.subarray(0, n));
}
