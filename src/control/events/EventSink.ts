import type { EventBridgeEvent } from '../../events/EventBridgeEvent.ts';

/**
 * Port: where Kinora's service events go, in EventBridge's envelope (the
 * event bus's `EventBridgeEvent`). The control plane emits MediaPackage's VOD
 * events through it (`mediaPackageIngestEvents`); adapters: `noopEventSink`
 * (default), `MemoryEventSink` (tests), and the event bus
 * (`{ emit: (e) => bus.emit(e) }`). Emission is best effort, as
 * MediaPackage's is: a sink that throws is logged and never fails the work
 * that emitted.
 */
export interface EventSink {
  emit(event: EventBridgeEvent): void | Promise<unknown>;
}

/** Drops every event. */
export const noopEventSink: EventSink = { emit() {} };
