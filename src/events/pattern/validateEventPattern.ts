import { compileEventPattern } from './compileEventPattern.ts';

/**
 * Refuses an event pattern EventBridge would refuse: throws
 * `EventPatternError`, whose message is EventBridge's
 * `InvalidEventPatternException` message
 * (`Event pattern is not valid. Reason: ... at [Source: (String)"..."; line: 1, column: 12]`).
 */
export function validateEventPattern(pattern: string): void {
  compileEventPattern(pattern);
}
