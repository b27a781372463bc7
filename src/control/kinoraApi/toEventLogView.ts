import type { DeliveryRecord, EventLogRecord, EventOrigin } from '../../events/store/records.ts';

/** A delivery's outcome as an event of the event log shows it: the record's own fields, its `error` as `lastError`. */
export type EventLogDeliveryView = Pick<
  DeliveryRecord,
  'id' | 'ruleName' | 'ruleArn' | 'targetId' | 'targetArn' | 'status' | 'attempts' | 'createdAt' | 'updatedAt' | 'completedAt' | 'errorCode' | 'httpStatus' | 'replayOf' | 'duplicateOf'
> & { lastError?: string };

/** One event of `GET /kinora/v1/events` (docs/kinora-api.md). */
export interface EventLogView {
  id: string;
  source: string;
  detailType: string;
  time: string;
  receivedAt: string;
  origin: EventOrigin;
  account: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
  /** Oldest first; empty when the event matched no rule. */
  deliveries: EventLogDeliveryView[];
}

/**
 * An event of the log as the Kinora API answers it: the envelope's members
 * in camelCase, and the outcome of each of its deliveries (those of
 * `deliveries`, this event's, in the order given) without the event and
 * target documents they repeat.
 */
export function toEventLogView(record: EventLogRecord, deliveries: DeliveryRecord[]): EventLogView {
  const { event } = record;
  return {
    id: event.id,
    source: event.source,
    detailType: event['detail-type'],
    time: event.time,
    receivedAt: record.receivedAt,
    origin: record.origin,
    account: event.account,
    region: event.region,
    resources: event.resources,
    detail: event.detail,
    // Undefined members are left out of the JSON answer.
    deliveries: deliveries.map((d) => ({
      id: d.id,
      ruleName: d.ruleName,
      ruleArn: d.ruleArn,
      targetId: d.targetId,
      targetArn: d.targetArn,
      status: d.status,
      attempts: d.attempts,
      createdAt: d.createdAt,
      updatedAt: d.updatedAt,
      completedAt: d.completedAt,
      errorCode: d.errorCode,
      lastError: d.error,
      httpStatus: d.httpStatus,
      replayOf: d.replayOf,
      duplicateOf: d.duplicateOf,
    })),
  };
}
