import type { Timers } from '../../src/time/Timers.ts';

/** Timers that run only when {@link fire} is called, at the time of a clock the test moves (`clock.ms`). */
export class ManualTimers implements Timers {
  private readonly clock: { ms: number };
  private readonly pending = new Map<number, { at: number; callback: () => void }>();
  private last = 0;

  constructor(clock: { ms: number }) {
    this.clock = clock;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    this.last += 1;
    this.pending.set(this.last, { at: this.clock.ms + ms, callback });
    return this.last;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Timers scheduled and not yet run. */
  get size(): number {
    return this.pending.size;
  }

  /** Runs the timers due now, in due order; returns how many ran. */
  fire(): number {
    const due = [...this.pending].filter(([, t]) => t.at <= this.clock.ms).sort((a, b) => a[1].at - b[1].at);
    for (const [id, t] of due) {
      this.pending.delete(id);
      t.callback();
    }
    return due.length;
  }
}
