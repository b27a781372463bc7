import type { EventBridgeEvent } from '../EventBridgeEvent.ts';

/**
 * Event store records. Rules and targets use EventBridge's wire names
 * (API version 2015-10-07, PascalCase) so the JSON API returns them as they
 * are; deliveries, dead letters and idempotency keys are Kinora's own.
 */

export type RuleState = 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

/** EventBridge `DescribeRule` output, less what Kinora does not model (ManagedBy). */
export interface RuleRecord {
  Name: string;
  Arn: string;
  EventBusName: string;
  EventPattern?: string;
  ScheduleExpression?: string;
  State: RuleState;
  Description?: string;
  RoleArn?: string;
  CreatedBy: string;
}

/** EventBridge `Target` (the subset Kinora delivers to; see docs/events.md). */
export interface TargetRecord {
  Id: string;
  Arn: string;
  RoleArn?: string;
  Input?: string;
  InputPath?: string;
  InputTransformer?: { InputPathsMap?: Record<string, string>; InputTemplate: string };
  HttpParameters?: {
    PathParameterValues?: string[];
    HeaderParameters?: Record<string, string>;
    QueryStringParameters?: Record<string, string>;
  };
  RetryPolicy?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
  DeadLetterConfig?: { Arn?: string };
}

/**
 * Outcome of a delivery: `PENDING` (queued or waiting for a retry),
 * `SUCCEEDED`, `FAILED` (given up: a dead letter holds it), `DUPLICATE` (a
 * built-in function already ran, or is running, for this event and target).
 */
export type DeliveryStatus = 'PENDING' | 'SUCCEEDED' | 'FAILED' | 'DUPLICATE';

/** One event delivered (or being delivered) to one target of one rule. */
export interface DeliveryRecord {
  id: string;
  eventId: string;
  eventBusName: string;
  ruleName: string;
  ruleArn: string;
  targetId: string;
  targetArn: string;
  status: DeliveryStatus;
  /** Attempts made so far. */
  attempts: number;
  createdAt: string;
  updatedAt: string;
  /** When the next attempt is due (PENDING only); until then no worker claims the delivery. */
  nextAttemptAt?: string;
  /**
   * The delivery worker holding the delivery's lease (PENDING only): it alone
   * runs and records the attempt (`EventStore.claimDeliveries`). Unset when
   * no worker holds it: queued for any worker, or waiting for a retry.
   */
  leaseOwner?: string;
  /** When that lease ends unless renewed (ISO 8601); past it, any worker may claim the delivery. */
  leaseExpiresAt?: string;
  completedAt?: string;
  /** Stable code of the last failure (`WEBHOOK_HTTP_ERROR`, `FUNCTION_ERROR`, ...). */
  errorCode?: string;
  /** Message of the last failure. */
  error?: string;
  /** HTTP status of the last webhook answer. */
  httpStatus?: number;
  /** What a built-in function returned (JSON). */
  result?: unknown;
  /** For `DUPLICATE`: the delivery that holds the idempotency key. */
  duplicateOf?: string;
  /** For a replay: the dead letter replayed. */
  replayOf?: string;
  /** The event and the target as they were when the event matched: retries and replays use these. */
  event: EventBridgeEvent;
  target: TargetRecord;
}

/** A delivery given up after its last attempt, kept until replayed successfully. */
export interface DeadLetterRecord {
  id: string;
  deliveryId: string;
  eventId: string;
  eventBusName: string;
  ruleName: string;
  ruleArn: string;
  targetId: string;
  targetArn: string;
  attempts: number;
  errorCode: string;
  error: string;
  createdAt: string;
  /** Replays started so far. */
  replays: number;
  lastReplayDeliveryId?: string;
  /** Set when a replay succeeded; resolved dead letters are no longer listed by default. */
  resolvedAt?: string;
  event: EventBridgeEvent;
  target: TargetRecord;
}

/** Holder of an idempotency key (built-in functions run once per event and target). */
export interface IdempotencyRecord {
  key: string;
  deliveryId: string;
  status: 'IN_PROGRESS' | 'SUCCEEDED';
  createdAt: string;
  completedAt?: string;
}

/**
 * How an event entered the bus: a PutEvents entry, or one of Kinora's own
 * events (`EventBus.emit`: MediaPackage ingest, transcode jobs). A dead
 * letter's replay does not enter the bus again (its event is not matched
 * anew): its delivery joins the event's other deliveries.
 */
export type EventOrigin = 'putEvents' | 'emit';

/**
 * One event of the event log: every event that entered the bus, whether or
 * not it matched a rule, with the deliveries it caused. Keyed by the
 * event's id: an event emitted again under its id stays one entry, in its
 * place, and gains the deliveries of its later entries.
 */
export interface EventLogRecord {
  /** The event as rules matched it. */
  event: EventBridgeEvent;
  /** When the bus received it (ISO 8601, ms); retention by age counts from it. */
  receivedAt: string;
  origin: EventOrigin;
  /** The deliveries it caused, one per target of each matching rule (empty: no rule matched). */
  deliveryIds: string[];
}
