import { KinoraError } from '../../errors/KinoraError.ts';

/**
 * The position in the event log an `EventLogPage.next` cursor names. Every
 * adapter numbers its entries in the order they were first logged (a
 * sequence), and the cursor is that number as decimal text: opaque to
 * callers, who only hand it back. Anything else is INVALID_REQUEST.
 */
export function readEventLogCursor(cursor: string): number {
  if (!/^[1-9]\d{0,14}$/.test(cursor)) throw new KinoraError('INVALID_REQUEST', `event log cursor must be one a previous page returned, found "${cursor.slice(0, 40)}"`, { subject: 'nextToken' });
  return Number(cursor);
}
