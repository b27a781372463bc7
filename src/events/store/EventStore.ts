import type { DeadLetterRecord, DeliveryRecord, DeliveryStatus, EventLogRecord, IdempotencyRecord, RuleRecord, TargetRecord } from './records.ts';

export interface ListRulesQuery {
  eventBusName: string;
  namePrefix?: string;
  /** Only rules whose name sorts after this one (pagination). */
  afterName?: string;
  limit?: number;
}

export interface ListDeliveriesQuery {
  eventId?: string;
  /** Only deliveries of these events (the event log joins its page's deliveries in one read). */
  eventIds?: string[];
  ruleArn?: string;
  status?: DeliveryStatus;
  limit?: number;
}

export interface ListDeadLettersQuery {
  ruleArn?: string;
  /** Include dead letters a replay has resolved (default false). */
  includeResolved?: boolean;
  limit?: number;
}

/** What {@link EventStore.listEvents} asks for. */
export interface ListEventsQuery {
  /** Only events of this exact source. */
  source?: string;
  /** Only events of this exact detail-type. */
  detailType?: string;
  /** At most this many events. */
  limit: number;
  /** Only events logged before the one this cursor names (`EventLogPage.next` of the previous page). */
  before?: string;
}

/** A page of the event log, newest first. */
export interface EventLogPage {
  events: EventLogRecord[];
  /**
   * Set when older events match: pass it as `before` for the next page. An
   * opaque cursor (the entry's position in the log): it stays valid while
   * events are added, and pruning only shortens the pages that follow.
   */
  next?: string;
}

/** What {@link EventStore.pruneEvents} removes: events beyond the newest `keep`, and those received before `receivedBefore`. */
export interface PruneEventsQuery {
  keep: number;
  /** ISO 8601; unset: no limit of age. */
  receivedBefore?: string;
}

/** What {@link EventStore.claimDeliveries} asks for. */
export interface ClaimDeliveriesQuery {
  /** The claiming worker (unique per process: `DeliveryWorker`'s `workerId`). */
  owner: string;
  /** The claimer's clock (ISO 8601): what is due and which leases have expired. */
  now: string;
  /** The lease granted: it expires at `now + leaseMs` unless renewed. */
  leaseMs: number;
  /** At most this many deliveries (oldest first). */
  limit: number;
  /** Only among these deliveries (a worker claiming a retry it scheduled). */
  ids?: string[];
}

/** What {@link EventStore.renewDeliveryLeases} asks for. */
export interface RenewDeliveryLeasesQuery {
  owner: string;
  ids: string[];
  now: string;
  leaseMs: number;
}

/** What {@link EventStore.recordDeliveryAttempt} writes, together. */
export interface DeliveryAttemptRecord {
  /** The delivery as the attempt left it: final, or PENDING with the `nextAttemptAt` of its retry. Its lease fields are ignored. */
  delivery: DeliveryRecord;
  /** The worker that ran the attempt: the write happens only while it holds the lease. */
  owner: string;
  /** A dead letter to create or replace (the delivery failed for good, or its replay resolved one). */
  deadLetter?: DeadLetterRecord;
  /** An idempotency key the delivery holds and gives up (a function delivery that failed for good). */
  releaseKey?: string;
}

/** Outcome of {@link EventStore.putTargets}. */
export type PutTargetsOutcome = 'OK' | 'RULE_NOT_FOUND' | 'LIMIT_EXCEEDED';
/** Outcome of {@link EventStore.deleteRule}. */
export type DeleteRuleOutcome = 'DELETED' | 'NOT_FOUND' | 'HAS_TARGETS';
/** Outcome of {@link EventStore.claimIdempotencyKey}: claimed, or the current holder. */
export type IdempotencyClaim = { claimed: true } | { claimed: false; holder: IdempotencyRecord };

/**
 * Port: persistence of the event bus (rules, targets, the event log,
 * deliveries, dead letters, idempotency keys). Adapters: `MemoryEventStore`,
 * `SqliteEventStore` (embedded default), `PostgresEventStore` (several
 * Kinora processes on one database). All adapters pass
 * test/contract/eventStore.test.ts. Operations that check and write
 * (`putTargets`, `deleteRule`, `claimIdempotencyKey`, the delivery leases)
 * are atomic.
 *
 * Deliveries are handed out by leases, as the transcoding queue's jobs are
 * (`JobStore`): {@link claimDeliveries} atomically gives each due PENDING
 * delivery to one worker until its lease expires; the holder renews it
 * while it works ({@link renewDeliveryLeases}) and records the attempt's
 * outcome with {@link recordDeliveryAttempt}, which writes only while the
 * lease is still the caller's. A worker that dies stops renewing, and once
 * its leases expire any worker claims those deliveries again. Leases are
 * deadlines on the claimers' clocks (ISO 8601 `now`), so the hosts' clocks
 * must agree to well within a lease (NTP does).
 */
export interface EventStore {
  /** Creates or replaces a rule (keyed by bus and name); its targets are kept. */
  putRule(rule: RuleRecord): Promise<void>;
  getRule(eventBusName: string, name: string): Promise<RuleRecord | undefined>;
  /** Rules sorted by name. */
  listRules(query: ListRulesQuery): Promise<RuleRecord[]>;
  /** Deletes a rule unless it still has targets (EventBridge refuses that). */
  deleteRule(eventBusName: string, name: string): Promise<DeleteRuleOutcome>;

  /** Creates or replaces targets by id, unless the rule would then have more than `maxTargets`. */
  putTargets(eventBusName: string, ruleName: string, targets: TargetRecord[], maxTargets: number): Promise<PutTargetsOutcome>;
  /** Targets sorted by id. */
  listTargets(eventBusName: string, ruleName: string): Promise<TargetRecord[]>;
  /** Removes targets by id; returns the ids that existed. */
  removeTargets(eventBusName: string, ruleName: string, ids: string[]): Promise<string[]>;

  /**
   * Creates or replaces a delivery (keyed by id), unconditionally, lease
   * included: a worker creating a delivery may lease it to itself at once.
   */
  putDelivery(delivery: DeliveryRecord): Promise<void>;
  getDelivery(id: string): Promise<DeliveryRecord | undefined>;
  /** Deliveries in creation order. */
  listDeliveries(query?: ListDeliveriesQuery): Promise<DeliveryRecord[]>;

  /**
   * Claims up to `limit` deliveries, oldest first, that are PENDING, due
   * (`nextAttemptAt` unset or not after `now`) and not leased (no lease, or
   * one expired at `now`): each is leased to `owner` until `now + leaseMs`,
   * atomically, so concurrent claimers (in any process) never get the same
   * delivery. Returns them with `leaseOwner` and `leaseExpiresAt` set.
   */
  claimDeliveries(query: ClaimDeliveriesQuery): Promise<DeliveryRecord[]>;
  /**
   * Extends to `now + leaseMs` the leases `owner` still holds among `ids`
   * (PENDING deliveries whose `leaseOwner` is `owner`, expired or not, as
   * long as nobody claimed them since). Returns the ids renewed: a missing
   * one was lost.
   */
  renewDeliveryLeases(query: RenewDeliveryLeasesQuery): Promise<string[]>;
  /** Gives up the leases `owner` holds among `ids`, unchanged otherwise: any worker may claim them at once. */
  releaseDeliveryLeases(query: { owner: string; ids: string[] }): Promise<void>;
  /**
   * Writes the outcome of an attempt (the delivery, its dead letter, the
   * release of its idempotency key) in one transaction, and ends the lease,
   * if `owner` still holds the delivery's lease. Returns false, writing
   * nothing, when it does not: another worker claimed the delivery after the
   * lease expired (its outcome must not be overwritten) or it is no longer
   * PENDING.
   */
  recordDeliveryAttempt(attempt: DeliveryAttemptRecord): Promise<boolean>;

  /**
   * Logs an event that entered the bus (the event log). An event whose id
   * is already logged stays one entry, in its place (its first
   * `receivedAt` and `origin`), and gains the new `deliveryIds`. Atomic:
   * concurrent logs of one event id lose no delivery id.
   */
  putEvent(record: EventLogRecord): Promise<void>;
  /** The event log, newest first (the order events were first logged), filtered, a page at a time. */
  listEvents(query: ListEventsQuery): Promise<EventLogPage>;
  /**
   * Applies the log's retention: deletes every event but the newest `keep`
   * and, with `receivedBefore`, every event received before it. Returns how
   * many were deleted. Their deliveries are kept (they are the delivery log).
   */
  pruneEvents(query: PruneEventsQuery): Promise<number>;

  /** Creates or replaces a dead letter (keyed by id). */
  putDeadLetter(deadLetter: DeadLetterRecord): Promise<void>;
  getDeadLetter(id: string): Promise<DeadLetterRecord | undefined>;
  /** Dead letters in creation order. */
  listDeadLetters(query?: ListDeadLettersQuery): Promise<DeadLetterRecord[]>;

  /**
   * Claims `key` for a delivery. Succeeds when nobody holds it, or when the
   * same delivery holds it unfinished (a retry, or a resume after a crash).
   * The second case never lets one delivery run twice at the same time:
   * only the worker holding the delivery's lease runs it, and the worker
   * checks that it still does right before it claims the key.
   */
  claimIdempotencyKey(key: string, deliveryId: string, now: string): Promise<IdempotencyClaim>;
  /** Marks the key's work done: later claims by other deliveries fail for good. */
  completeIdempotencyKey(key: string, deliveryId: string, now: string): Promise<void>;
  /** Gives the key up (the delivery failed for good) so a replay can claim it. */
  releaseIdempotencyKey(key: string, deliveryId: string): Promise<void>;

  close(): Promise<void>;
}
