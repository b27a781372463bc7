import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { EventBridgeEvent } from '../EventBridgeEvent.ts';
import type { EventLogPage, EventStore, ListDeadLettersQuery, ListDeliveriesQuery, ListEventsQuery } from '../store/EventStore.ts';
import type { DeadLetterRecord, DeliveryRecord, EventOrigin, RuleRecord } from '../store/records.ts';
import type { EventPattern } from '../pattern/EventPattern.ts';
import { compileEventPattern } from '../pattern/compileEventPattern.ts';
import { matchEventPattern } from '../pattern/matchEventPattern.ts';
import { EventRules } from '../rules/EventRules.ts';
import { DEFAULT_EVENT_BUS } from '../rules/resolveEventBusName.ts';
import { KinoraError } from '../../errors/KinoraError.ts';
import { ErrorCode } from '../../errors/ErrorCode.ts';
import { ARN_ACCOUNT, ARN_REGION } from '../../catalog/arns.ts';
import type { BuiltInFunction } from './BuiltInFunction.ts';
import type { NamedWebhook } from './NamedWebhook.ts';
import { defaultDeliverySettings, type DeliverySettings } from './DeliverySettings.ts';
import { defaultEventLogSettings, type EventLogSettings } from './EventLogSettings.ts';
import { DeliveryWorker } from './DeliveryWorker.ts';
import type { Timers } from '../../time/Timers.ts';
import { readPutEventsEntries } from './readPutEventsEntries.ts';
import { formatEventTime } from './formatEventTime.ts';

export interface EventBusOptions {
  store: EventStore;
  /** Region and account written in events and ARNs (default: Kinora's, `KINORA_REGION`/`KINORA_ACCOUNT_ID`). */
  region?: string;
  accountId?: string;
  /** Built-in functions by name; more can be added later through {@link EventBus.functions}. */
  functions?: Map<string, BuiltInFunction> | Record<string, BuiltInFunction>;
  /** Webhooks `arn:kinora:webhook:::<name>` targets resolve to. */
  webhooks?: Record<string, NamedWebhook>;
  delivery?: Partial<DeliverySettings>;
  /** Retention of the event log (default: the newest 10 000 events, none older than 30 days). */
  eventLog?: Partial<EventLogSettings>;
  /**
   * Owner of this bus's delivery leases in the store, unique among the
   * processes sharing it (default `<hostname>/<pid>/<random>`).
   */
  workerId?: string;
  /** For tests: the HTTP client, clock, ids, jitter and the timers of retries, polls and lease renewals. */
  fetch?: typeof fetch;
  now?: () => Date;
  newId?: () => string;
  random?: () => number;
  timers?: Timers;
  /**
   * Receives one JSON line per delivery outcome, and one per event the event
   * log failed to record; silent by default (outcomes are in the store).
   */
  log?: (line: Record<string, unknown>) => void;
}

/** What {@link EventBus.emit} accepts: an event in EventBridge's envelope; missing envelope members are filled in. */
export type EmitInput = Pick<EventBridgeEvent, 'source' | 'detail-type' | 'detail'> & Partial<EventBridgeEvent>;

/** PutEvents output (API Reference, `PutEventsResultEntry`). */
export interface PutEventsOutput {
  FailedEntryCount: number;
  Entries: ({ EventId: string } | { ErrorCode: string; ErrorMessage: string })[];
}

/** Compiled patterns kept per pattern text. */
const PATTERN_CACHE_SIZE = 1000;

/**
 * Kinora's event bus, compatible with EventBridge's default bus: rules with
 * event patterns, targets that are webhooks or built-in functions, and
 * asynchronous deliveries with retries and a dead-letter store.
 *
 * `putEvents` (the PutEvents action) and `emit` (Kinora's own events, e.g.
 * MediaConvert-shaped job state changes) match the event against every
 * enabled rule, record one PENDING delivery per matching target, and return;
 * the {@link DeliveryWorker} delivers in the background. Each event is
 * also written to the event log, matched or not, with the ids of the
 * deliveries it caused ({@link listEvents}); a failure to log it is logged
 * as a line and does not fail the event. Call {@link start}
 * once to have it also claim, now and every `pollIntervalMs`, the due
 * deliveries it was not handed: retries, and those other processes sharing
 * the store released or left behind (leases: see `DeliveryWorker`).
 */
export class EventBus {
  readonly rules: EventRules;
  /** Built-in functions by name; fill before targets name them. */
  readonly functions: Map<string, BuiltInFunction>;
  readonly region: string;
  readonly accountId: string;
  private readonly store: EventStore;
  private readonly worker: DeliveryWorker;
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly log: (line: Record<string, unknown>) => void;
  private readonly patterns = new Map<string, EventPattern | null>();
  private readonly eventLog: EventLogSettings;
  /** Events this bus has logged: the retention prune runs on the first and every `pruneEvery`-th. */
  private eventsLogged = 0;

  constructor(options: EventBusOptions) {
    this.store = options.store;
    this.region = options.region ?? ARN_REGION;
    this.accountId = options.accountId ?? ARN_ACCOUNT;
    this.functions = options.functions instanceof Map ? options.functions : new Map(Object.entries(options.functions ?? {}));
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
    this.log = options.log ?? (() => {});
    this.eventLog = { ...defaultEventLogSettings, ...options.eventLog };
    const webhooks = options.webhooks ?? {};
    this.rules = new EventRules({ store: this.store, region: this.region, accountId: this.accountId, functions: this.functions, webhooks });
    this.worker = new DeliveryWorker({
      store: this.store,
      functions: this.functions,
      webhooks,
      settings: { ...defaultDeliverySettings, ...options.delivery },
      workerId: options.workerId ?? `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`,
      timers: options.timers,
      fetch: options.fetch,
      now: this.now,
      newId: this.newId,
      random: options.random ?? Math.random,
      log: this.log,
    });
  }

  /**
   * Starts claiming due PENDING deliveries from the store (left by a
   * previous process, released by another, or retries that came due): now,
   * then every `pollIntervalMs`. Returns how many it claimed now (at most
   * `concurrency`; the polls take the rest).
   */
  start(): Promise<number> {
    return this.worker.resume();
  }

  /**
   * PutEvents: up to 10 entries, 256 KB together. Request-level refusals throw
   * `EventBridgeError`; an entry that fails (missing member, malformed
   * detail) gets an `ErrorCode` and the others are still put.
   */
  async putEvents(entries: unknown): Promise<PutEventsOutput> {
    const outcomes = readPutEventsEntries(entries, { now: this.now(), newId: this.newId, region: this.region, accountId: this.accountId });
    const out: PutEventsOutput = { FailedEntryCount: 0, Entries: [] };
    for (const outcome of outcomes) {
      if ('event' in outcome) {
        await this.dispatch(outcome.event, 'putEvents');
        out.Entries.push({ EventId: outcome.event.id });
      } else {
        out.FailedEntryCount++;
        out.Entries.push(outcome);
      }
    }
    return out;
  }

  /**
   * Puts one of Kinora's own events on the bus. Envelope members left out
   * are filled in (`id` a new UUID, `time` now, Kinora's account and region,
   * no resources). An event that keeps its `id` is delivered to each
   * function target at most once however often it is emitted.
   */
  async emit(input: EmitInput): Promise<{ eventId: string; deliveries: DeliveryRecord[] }> {
    if (typeof input.source !== 'string' || input.source === '' || typeof input['detail-type'] !== 'string' || input['detail-type'] === '') {
      throw new KinoraError(ErrorCode.INVALID_REQUEST, 'an event needs a source and a detail-type');
    }
    if (input.detail === null || typeof input.detail !== 'object' || Array.isArray(input.detail)) {
      throw new KinoraError(ErrorCode.INVALID_REQUEST, `event detail must be a JSON object (source ${input.source})`);
    }
    const event: EventBridgeEvent = {
      version: input.version ?? '0',
      id: input.id ?? this.newId(),
      'detail-type': input['detail-type'],
      source: input.source,
      account: input.account ?? this.accountId,
      time: input.time ?? formatEventTime(this.now()),
      region: input.region ?? this.region,
      resources: input.resources ?? [],
      detail: input.detail,
    };
    return { eventId: event.id, deliveries: await this.dispatch(event, 'emit') };
  }

  /**
   * The event log: every event that entered the bus, newest first, each
   * with the ids of the deliveries it caused (none: it matched no rule).
   * Their outcomes are {@link listDeliveries} with `eventIds`.
   */
  listEvents(query: ListEventsQuery): Promise<EventLogPage> {
    return this.store.listEvents(query);
  }

  listDeliveries(query?: ListDeliveriesQuery): Promise<DeliveryRecord[]> {
    return this.store.listDeliveries(query);
  }

  getDelivery(id: string): Promise<DeliveryRecord | undefined> {
    return this.store.getDelivery(id);
  }

  /** Dead letters not yet resolved by a replay (all of them with `includeResolved`). */
  listDeadLetters(query?: ListDeadLettersQuery): Promise<DeadLetterRecord[]> {
    return this.store.listDeadLetters(query);
  }

  /**
   * Delivers a dead letter's event again, as a new delivery with fresh
   * retries, to the rule's target of the same id as it is now (or as it was,
   * if it has been removed); resolves with that delivery once final. A
   * success resolves the dead letter. Replaying a resolved one needs `force`.
   */
  async replayDeadLetter(id: string, options: { force?: boolean } = {}): Promise<DeliveryRecord> {
    const dead = await this.store.getDeadLetter(id);
    if (!dead) throw new KinoraError(ErrorCode.UNKNOWN_RESOURCE, `no dead letter ${id}`, { subject: id });
    if (dead.resolvedAt !== undefined && !options.force) {
      throw new KinoraError(ErrorCode.INVALID_REQUEST, `dead letter ${id} was resolved by delivery ${dead.lastReplayDeliveryId} at ${dead.resolvedAt}`, { subject: id });
    }
    const current = (await this.store.listTargets(dead.eventBusName, dead.ruleName)).find((t) => t.Id === dead.targetId);
    const delivery = { ...this.newDelivery(dead.event, { Name: dead.ruleName, Arn: dead.ruleArn, EventBusName: dead.eventBusName }, current ?? dead.target), ...this.worker.newLease() };
    delivery.replayOf = dead.id;
    await this.store.putDeadLetter({ ...dead, replays: dead.replays + 1, lastReplayDeliveryId: delivery.id });
    await this.store.putDelivery(delivery);
    this.worker.enqueue(delivery);
    return this.worker.waitFor(delivery.id);
  }

  /** Resolves once the delivery is final. */
  waitForDelivery(id: string): Promise<DeliveryRecord> {
    return this.worker.waitFor(id);
  }

  /** Resolves when no delivery is queued, waiting for a retry, or running. */
  whenIdle(): Promise<void> {
    return this.worker.whenIdle();
  }

  /**
   * Stops delivering: running attempts are aborted and every delivery lease
   * this bus holds is released, so the deliveries, still PENDING, go to
   * another process's next poll (or to {@link start} in the next process).
   * The store is the caller's to close, after this.
   */
  close(): Promise<void> {
    return this.worker.close();
  }

  /**
   * Matches an event against the bus's enabled rules, records a delivery per
   * target of each match, hands them to the worker, and logs the event.
   */
  private async dispatch(event: EventBridgeEvent, origin: EventOrigin): Promise<DeliveryRecord[]> {
    const receivedAt = this.now().toISOString();
    const deliveries: DeliveryRecord[] = [];
    for (const rule of await this.store.listRules({ eventBusName: DEFAULT_EVENT_BUS })) {
      if (rule.State === 'DISABLED' || rule.EventPattern === undefined) continue;
      const pattern = this.compiled(rule);
      if (!pattern || !matchEventPattern(pattern, event)) continue;
      for (const target of await this.store.listTargets(rule.EventBusName, rule.Name)) {
        // Leased to this process's worker from the start: it runs at once, and no other process takes it.
        const delivery = { ...this.newDelivery(event, rule, target), ...this.worker.newLease() };
        await this.store.putDelivery(delivery);
        deliveries.push(delivery);
      }
    }
    // Copies as recorded, before the worker's first attempt changes them.
    const recorded = deliveries.map((d) => structuredClone(d));
    for (const d of deliveries) this.worker.enqueue(d);
    await this.logEvent(event, receivedAt, origin, recorded);
    return recorded;
  }

  /**
   * Writes the event to the event log, and applies its retention now and
   * then. After the deliveries are queued: the log is a record, and its
   * failure (logged as a line) must neither fail nor delay them.
   */
  private async logEvent(event: EventBridgeEvent, receivedAt: string, origin: EventOrigin, deliveries: DeliveryRecord[]): Promise<void> {
    try {
      await this.store.putEvent({ event, receivedAt, origin, deliveryIds: deliveries.map((d) => d.id) });
    } catch (e) {
      this.log({ msg: 'event not logged', eventId: event.id, source: event.source, detailType: event['detail-type'], error: (e as Error).message });
      return;
    }
    if (this.eventsLogged++ % Math.max(1, this.eventLog.pruneEvery) !== 0) return;
    try {
      const { maxEvents, maxAgeSeconds } = this.eventLog;
      const receivedBefore = maxAgeSeconds > 0 ? new Date(Date.parse(receivedAt) - maxAgeSeconds * 1000).toISOString() : undefined;
      await this.store.pruneEvents({ keep: maxEvents, receivedBefore });
    } catch (e) {
      this.log({ msg: 'event log not pruned', error: (e as Error).message });
    }
  }

  private newDelivery(event: EventBridgeEvent, rule: Pick<RuleRecord, 'Name' | 'Arn' | 'EventBusName'>, target: DeliveryRecord['target']): DeliveryRecord {
    const at = this.now().toISOString();
    return {
      id: this.newId(),
      eventId: event.id,
      eventBusName: rule.EventBusName,
      ruleName: rule.Name,
      ruleArn: rule.Arn,
      targetId: target.Id,
      targetArn: target.Arn,
      status: 'PENDING',
      attempts: 0,
      createdAt: at,
      updatedAt: at,
      event,
      target,
    };
  }

  /** Stored patterns were validated by PutRule; one that no longer compiles is skipped, not fatal. */
  private compiled(rule: RuleRecord): EventPattern | null {
    const text = rule.EventPattern!;
    let pattern = this.patterns.get(text);
    if (pattern === undefined) {
      try {
        pattern = compileEventPattern(text);
      } catch (e) {
        this.log({ msg: 'event rule skipped: invalid pattern', ruleArn: rule.Arn, error: (e as Error).message });
        pattern = null;
      }
      if (this.patterns.size >= PATTERN_CACHE_SIZE) this.patterns.clear();
      this.patterns.set(text, pattern);
    }
    return pattern;
  }
}
