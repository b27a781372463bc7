import type { DeadLetterRecord, DeliveryRecord, DeliveryStatus, IdempotencyRecord, RuleRecord, TargetRecord } from './records.ts';

export interface ListRulesQuery {
  eventBusName: string;
  namePrefix?: string;
  /** Only rules whose name sorts after this one (pagination). */
  afterName?: string;
  limit?: number;
}

export interface ListDeliveriesQuery {
  eventId?: string;
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

/** Outcome of {@link EventStore.putTargets}. */
export type PutTargetsOutcome = 'OK' | 'RULE_NOT_FOUND' | 'LIMIT_EXCEEDED';
/** Outcome of {@link EventStore.deleteRule}. */
export type DeleteRuleOutcome = 'DELETED' | 'NOT_FOUND' | 'HAS_TARGETS';
/** Outcome of {@link EventStore.claimIdempotencyKey}: claimed, or the current holder. */
export type IdempotencyClaim = { claimed: true } | { claimed: false; holder: IdempotencyRecord };

/**
 * Port: persistence of the event bus (rules, targets, deliveries, dead
 * letters, idempotency keys). Adapters: `MemoryEventStore`,
 * `SqliteEventStore` (embedded default); a PostgreSQL adapter plugs in here.
 * All adapters pass test/contract/eventStore.test.ts. Operations that check
 * and write (`putTargets`, `deleteRule`, `claimIdempotencyKey`) are atomic.
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

  /** Creates or replaces a delivery (keyed by id). */
  putDelivery(delivery: DeliveryRecord): Promise<void>;
  getDelivery(id: string): Promise<DeliveryRecord | undefined>;
  /** Deliveries in creation order. */
  listDeliveries(query?: ListDeliveriesQuery): Promise<DeliveryRecord[]>;

  /** Creates or replaces a dead letter (keyed by id). */
  putDeadLetter(deadLetter: DeadLetterRecord): Promise<void>;
  getDeadLetter(id: string): Promise<DeadLetterRecord | undefined>;
  /** Dead letters in creation order. */
  listDeadLetters(query?: ListDeadLettersQuery): Promise<DeadLetterRecord[]>;

  /**
   * Claims `key` for a delivery. Succeeds when nobody holds it, or when the
   * same delivery holds it unfinished (a retry, or a resume after a crash).
   */
  claimIdempotencyKey(key: string, deliveryId: string, now: string): Promise<IdempotencyClaim>;
  /** Marks the key's work done: later claims by other deliveries fail for good. */
  completeIdempotencyKey(key: string, deliveryId: string, now: string): Promise<void>;
  /** Gives the key up (the delivery failed for good) so a replay can claim it. */
  releaseIdempotencyKey(key: string, deliveryId: string): Promise<void>;

  close(): Promise<void>;
}
