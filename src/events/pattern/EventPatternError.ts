import { describeLocation } from './describeLocation.ts';

/** Where a pattern error was found: Jackson's "current location" (1-based line and column). */
export interface PatternLocation {
  line: number;
  column: number;
}

/**
 * An event pattern EventBridge would refuse (`InvalidEventPatternException`).
 * EventBridge validates patterns with aws/event-ruler, whose compiler reports
 * through Jackson's `JsonParseException`; the message therefore reads
 * `Event pattern is not valid. Reason: <reason> at [Source: (String)"<pattern>"; line: L, column: C]`.
 * Reasons the ruler raises outside the parser (CIDR, wildcard and some
 * number-range checks) carry no location, as in EventBridge.
 */
export class EventPatternError extends Error {
  readonly code = 'INVALID_EVENT_PATTERN';
  /** The ruler's reason, without the EventBridge prefix or the location. */
  readonly reason: string;
  readonly location?: PatternLocation;

  constructor(reason: string, source: string, location?: PatternLocation) {
    super(`Event pattern is not valid. Reason: ${reason}${location ? ` at ${describeLocation(source, location)}` : ''}`);
    this.name = 'EventPatternError';
    this.reason = reason;
    this.location = location;
  }
}
