import type {
  ClaimDeliveriesQuery,
  DeleteRuleOutcome,
  DeliveryAttemptRecord,
  EventStore,
  IdempotencyClaim,
  ListDeadLettersQuery,
  EventLogPage,
  ListDeliveriesQuery,
  ListEventsQuery,
  ListRulesQuery,
  PruneEventsQuery,
  PutTargetsOutcome,
  RenewDeliveryLeasesQuery,
} from './EventStore.ts';
import type { DeadLetterRecord, DeliveryRecord, EventLogRecord, IdempotencyRecord, RuleRecord, TargetRecord } from './records.ts';
import { readEventLogCursor } from './readEventLogCursor.ts';

const ruleKey = (bus: string, name: string) => `${bus}\u0000${name}`;

/**
 * In-memory event store, for tests and for a bus that need not survive a
 * restart. Records are copied in and out, so callers never share state with
 * the store (as with a database).
 */
export class MemoryEventStore implements EventStore {
  private readonly rules = new Map<string, RuleRecord>();
  private readonly targets = new Map<string, Map<string, TargetRecord>>();
  private readonly deliveries = new Map<string, DeliveryRecord>();
  private readonly deadLetters = new Map<string, DeadLetterRecord>();
  private readonly keys = new Map<string, IdempotencyRecord>();
  /** The event log by event id, each entry numbered in the order it was first logged. */
  private readonly events = new Map<string, { seq: number; record: EventLogRecord }>();
  private eventSeq = 0;

  async putRule(rule: RuleRecord): Promise<void> {
    this.rules.set(ruleKey(rule.EventBusName, rule.Name), copy(rule));
  }
  async getRule(eventBusName: string, name: string): Promise<RuleRecord | undefined> {
    return copyOrUndefined(this.rules.get(ruleKey(eventBusName, name)));
  }
  async listRules(query: ListRulesQuery): Promise<RuleRecord[]> {
    const rules = [...this.rules.values()]
      .filter((r) => r.EventBusName === query.eventBusName)
      .filter((r) => query.namePrefix === undefined || r.Name.startsWith(query.namePrefix))
      .filter((r) => query.afterName === undefined || r.Name > query.afterName)
      .sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
    return rules.slice(0, query.limit ?? rules.length).map(copy);
  }
  async deleteRule(eventBusName: string, name: string): Promise<DeleteRuleOutcome> {
    const key = ruleKey(eventBusName, name);
    if (!this.rules.has(key)) return 'NOT_FOUND';
    if ((this.targets.get(key)?.size ?? 0) > 0) return 'HAS_TARGETS';
    this.rules.delete(key);
    this.targets.delete(key);
    return 'DELETED';
  }

  async putTargets(eventBusName: string, ruleName: string, targets: TargetRecord[], maxTargets: number): Promise<PutTargetsOutcome> {
    const key = ruleKey(eventBusName, ruleName);
    if (!this.rules.has(key)) return 'RULE_NOT_FOUND';
    const existing = this.targets.get(key) ?? new Map<string, TargetRecord>();
    const ids = new Set([...existing.keys(), ...targets.map((t) => t.Id)]);
    if (ids.size > maxTargets) return 'LIMIT_EXCEEDED';
    for (const t of targets) existing.set(t.Id, copy(t));
    this.targets.set(key, existing);
    return 'OK';
  }
  async listTargets(eventBusName: string, ruleName: string): Promise<TargetRecord[]> {
    const targets = [...(this.targets.get(ruleKey(eventBusName, ruleName))?.values() ?? [])];
    return targets.sort((a, b) => (a.Id < b.Id ? -1 : a.Id > b.Id ? 1 : 0)).map(copy);
  }
  async removeTargets(eventBusName: string, ruleName: string, ids: string[]): Promise<string[]> {
    const targets = this.targets.get(ruleKey(eventBusName, ruleName));
    return ids.filter((id) => targets?.delete(id) === true);
  }

  async putDelivery(delivery: DeliveryRecord): Promise<void> {
    this.deliveries.set(delivery.id, copy(delivery));
  }
  async getDelivery(id: string): Promise<DeliveryRecord | undefined> {
    return copyOrUndefined(this.deliveries.get(id));
  }
  async listDeliveries(query: ListDeliveriesQuery = {}): Promise<DeliveryRecord[]> {
    const eventIds = query.eventIds === undefined ? undefined : new Set(query.eventIds);
    const found = [...this.deliveries.values()].filter(
      (d) =>
        (query.eventId === undefined || d.eventId === query.eventId) &&
        (eventIds === undefined || eventIds.has(d.eventId)) &&
        (query.ruleArn === undefined || d.ruleArn === query.ruleArn) &&
        (query.status === undefined || d.status === query.status),
    );
    return found.slice(0, query.limit ?? found.length).map(copy);
  }

  async claimDeliveries(query: ClaimDeliveriesQuery): Promise<DeliveryRecord[]> {
    const now = Date.parse(query.now);
    const only = query.ids === undefined ? undefined : new Set(query.ids);
    const claimed: DeliveryRecord[] = [];
    for (const d of this.deliveries.values()) {
      if (claimed.length >= query.limit) break;
      if (only !== undefined && !only.has(d.id)) continue;
      if (!isClaimable(d, now)) continue;
      d.leaseOwner = query.owner;
      d.leaseExpiresAt = new Date(now + query.leaseMs).toISOString();
      claimed.push(copy(d));
    }
    return claimed;
  }
  async renewDeliveryLeases(query: RenewDeliveryLeasesQuery): Promise<string[]> {
    const expiresAt = new Date(Date.parse(query.now) + query.leaseMs).toISOString();
    const renewed: string[] = [];
    for (const id of new Set(query.ids)) {
      const d = this.deliveries.get(id);
      if (!d || !isHeldBy(d, query.owner)) continue;
      d.leaseExpiresAt = expiresAt;
      renewed.push(id);
    }
    return renewed;
  }
  async releaseDeliveryLeases(query: { owner: string; ids: string[] }): Promise<void> {
    for (const id of query.ids) {
      const d = this.deliveries.get(id);
      if (d && isHeldBy(d, query.owner)) dropLease(d);
    }
  }
  async recordDeliveryAttempt(attempt: DeliveryAttemptRecord): Promise<boolean> {
    const held = this.deliveries.get(attempt.delivery.id);
    if (!held || !isHeldBy(held, attempt.owner)) return false;
    const next = copy(attempt.delivery);
    dropLease(next);
    this.deliveries.set(next.id, next);
    if (attempt.deadLetter) this.deadLetters.set(attempt.deadLetter.id, copy(attempt.deadLetter));
    if (attempt.releaseKey !== undefined) await this.releaseIdempotencyKey(attempt.releaseKey, next.id);
    return true;
  }

  async putEvent(record: EventLogRecord): Promise<void> {
    const logged = this.events.get(record.event.id);
    if (logged) {
      logged.record.deliveryIds = [...new Set([...logged.record.deliveryIds, ...record.deliveryIds])];
      return;
    }
    this.events.set(record.event.id, { seq: ++this.eventSeq, record: copy(record) });
  }
  async listEvents(query: ListEventsQuery): Promise<EventLogPage> {
    const before = query.before === undefined ? Infinity : readEventLogCursor(query.before);
    const found = [...this.events.values()]
      .filter(
        (e) =>
          e.seq < before &&
          (query.source === undefined || e.record.event.source === query.source) &&
          (query.detailType === undefined || e.record.event['detail-type'] === query.detailType),
      )
      .sort((a, b) => b.seq - a.seq);
    const page = found.slice(0, query.limit);
    return { events: page.map((e) => copy(e.record)), ...(found.length > page.length && page.length > 0 ? { next: String(page.at(-1)!.seq) } : {}) };
  }
  async pruneEvents(query: PruneEventsQuery): Promise<number> {
    const before = query.receivedBefore === undefined ? -Infinity : Date.parse(query.receivedBefore);
    const newestFirst = [...this.events.entries()].sort((a, b) => b[1].seq - a[1].seq);
    let pruned = 0;
    newestFirst.forEach(([id, e], i) => {
      if (i >= query.keep || Date.parse(e.record.receivedAt) < before) pruned += Number(this.events.delete(id));
    });
    return pruned;
  }

  async putDeadLetter(deadLetter: DeadLetterRecord): Promise<void> {
    this.deadLetters.set(deadLetter.id, copy(deadLetter));
  }
  async getDeadLetter(id: string): Promise<DeadLetterRecord | undefined> {
    return copyOrUndefined(this.deadLetters.get(id));
  }
  async listDeadLetters(query: ListDeadLettersQuery = {}): Promise<DeadLetterRecord[]> {
    const found = [...this.deadLetters.values()].filter(
      (d) => (query.ruleArn === undefined || d.ruleArn === query.ruleArn) && (query.includeResolved === true || d.resolvedAt === undefined),
    );
    return found.slice(0, query.limit ?? found.length).map(copy);
  }

  async claimIdempotencyKey(key: string, deliveryId: string, now: string): Promise<IdempotencyClaim> {
    const holder = this.keys.get(key);
    if (holder && !(holder.deliveryId === deliveryId && holder.status === 'IN_PROGRESS')) return { claimed: false, holder: copy(holder) };
    if (!holder) this.keys.set(key, { key, deliveryId, status: 'IN_PROGRESS', createdAt: now });
    return { claimed: true };
  }
  async completeIdempotencyKey(key: string, deliveryId: string, now: string): Promise<void> {
    const holder = this.keys.get(key);
    if (holder?.deliveryId === deliveryId) this.keys.set(key, { ...holder, status: 'SUCCEEDED', completedAt: now });
  }
  async releaseIdempotencyKey(key: string, deliveryId: string): Promise<void> {
    if (this.keys.get(key)?.deliveryId === deliveryId) this.keys.delete(key);
  }

  async close(): Promise<void> {}
}

/** PENDING, due at `now` and not under a live lease. */
function isClaimable(d: DeliveryRecord, now: number): boolean {
  if (d.status !== 'PENDING') return false;
  if (d.nextAttemptAt !== undefined && Date.parse(d.nextAttemptAt) > now) return false;
  return d.leaseExpiresAt === undefined || Date.parse(d.leaseExpiresAt) <= now;
}

/** `owner` holds the lease: nobody claimed the delivery since, even if the lease has expired. */
function isHeldBy(d: DeliveryRecord, owner: string): boolean {
  return d.status === 'PENDING' && d.leaseOwner === owner;
}

function dropLease(d: DeliveryRecord): void {
  delete d.leaseOwner;
  delete d.leaseExpiresAt;
}

function copy<T>(value: T): T {
  return structuredClone(value);
}

function copyOrUndefined<T>(value: T | undefined): T | undefined {
  return value === undefined ? undefined : copy(value);
}
