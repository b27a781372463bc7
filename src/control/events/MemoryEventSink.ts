import type { EventBridgeEvent } from '../../events/EventBridgeEvent.ts';
import type { EventSink } from './EventSink.ts';

/** Keeps every event in memory, in order (tests, and a console that shows recent events). */
export class MemoryEventSink implements EventSink {
  readonly events: EventBridgeEvent[] = [];
  private readonly waiters: { match: (e: EventBridgeEvent) => boolean; resolve: (e: EventBridgeEvent) => void }[] = [];

  emit(event: EventBridgeEvent): void {
    this.events.push(event);
    for (const w of [...this.waiters]) {
      if (!w.match(event)) continue;
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve(event);
    }
  }

  /** The first event (already emitted or still to come) that `match` accepts. */
  waitFor(match: (e: EventBridgeEvent) => boolean): Promise<EventBridgeEvent> {
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
}
