import type { DeliveryRecord, DeliveryStatus, EventLogRecord, EventOrigin } from '../../events/store/records.ts';

/** A delivery's outcome as an event of the event log shows it. */
export interface EventLogDeliveryView {
  id: string;
  ruleName: string;
  ruleArn: string;
  targetId: string;
  targetArn: string;
  status: DeliveryStatus;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  completedAt?: string;
  errorCode?: string;
  /** Message of the last failure. */
  lastError?: string;
  httpStatus?: number;
  /** The dead letter this delivery replayed. */
  replayOf?: string;
  /** For DUPLICATE: the delivery that already ran the function. */
  duplicateOf?: string;
}

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
 * `deliveries` for this event, in the order given) without the event and
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
    deliveries: deliveries.filter((d) => d.eventId === event.id).map((d) => ({
      id: d.id,
      ruleName: d.ruleName,
      ruleArn: d.ruleArn,
      targetId: d.targetId,
      targetArn: d.targetArn,
      status: d.status,
      attempts: d.attempts,
      createdAt: d.createdAt,
      updatedAt: d.updatedAt,
      ...(d.completedAt !== undefined ? { completedAt: d.completedAt } : {}),
      ...(d.errorCode !== undefined ? { errorCode: d.errorCode } : {}),
      ...(d.error !== undefined ? { lastError: d.error } : {}),
      ...(d.httpStatus !== undefined ? { httpStatus: d.httpStatus } : {}),
      ...(d.replayOf !== undefined ? { replayOf: d.replayOf } : {}),
      ...(d.duplicateOf !== undefined ? { duplicateOf: d.duplicateOf } : {}),
    })),
  };
}
