import type { EventBridgeEvent } from '../EventBridgeEvent.ts';
import { EventBridgeError } from '../EventBridgeError.ts';
import { MemberReader } from '../MemberReader.ts';
import { resolveEventBusName } from '../rules/resolveEventBusName.ts';
import { computeEntrySize, MAX_PUT_EVENTS_BYTES } from './computeEntrySize.ts';
import { formatEventTime } from './formatEventTime.ts';

/** The result of one entry: the event it became, or EventBridge's per-entry error. */
export type EntryOutcome = { event: EventBridgeEvent } | { ErrorCode: string; ErrorMessage: string };

export interface EntryContext {
  now: Date;
  newId: () => string;
  region: string;
  accountId: string;
}

const EVENT_BUS_NAME = { min: 1, max: 1600, pattern: '(arn:aws[\\w-]*:events:[a-z]+-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[\\/\\.\\-_A-Za-z0-9]+' };

/**
 * Reads the `Entries` of a PutEvents request (API Reference, `PutEvents` and
 * `PutEventsRequestEntry`). The request as a whole is refused
 * (`EventBridgeError`) for 0 or more than 10 entries, members of the wrong
 * type or length, a bus other than `default`, or entries larger than 256 KB
 * together ("Total size of the entries in the request is over the limit.").
 * Otherwise each entry succeeds or fails on its own: a missing `Source`,
 * `DetailType` or `Detail` is `InvalidArgument`, a `Detail` that is not a
 * JSON object is `MalformedDetail`.
 */
export function readPutEventsEntries(entries: unknown, context: EntryContext): EntryOutcome[] {
  const request = new MemberReader({ Entries: entries });
  const readers = request.structures('Entries', { required: true, min: 1, max: 10 });
  const read = readers.map((r) => ({
    Source: r.string('Source'),
    DetailType: r.string('DetailType'),
    Detail: r.string('Detail'),
    Resources: r.strings('Resources', { item: { max: 2048 } }),
    EventBusName: r.string('EventBusName', EVENT_BUS_NAME),
    TraceHeader: r.string('TraceHeader', { min: 1, max: 500 }),
    Time: r.timestamp('Time'),
  }));
  request.done();
  for (const entry of read) resolveEventBusName(entry.EventBusName);
  const total = read.reduce((sum, entry) => sum + computeEntrySize(entry), 0);
  if (total > MAX_PUT_EVENTS_BYTES) throw new EventBridgeError('ValidationException', 'Total size of the entries in the request is over the limit.');

  return read.map((entry): EntryOutcome => {
    for (const member of ['Source', 'DetailType', 'Detail'] as const) {
      if (!entry[member]) return { ErrorCode: 'InvalidArgument', ErrorMessage: `Parameter ${member} is not valid. Reason: ${member} is a required argument.` };
    }
    let detail: unknown;
    try {
      detail = JSON.parse(entry.Detail!);
    } catch {
      detail = undefined;
    }
    if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    return {
      event: {
        version: '0',
        id: context.newId(),
        'detail-type': entry.DetailType!,
        source: entry.Source!,
        account: context.accountId,
        time: formatEventTime(entry.Time ?? context.now),
        region: context.region,
        resources: entry.Resources ?? [],
        detail: detail as Record<string, unknown>,
      },
    };
  });
}
