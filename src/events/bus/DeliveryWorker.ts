import type { EventStore } from '../store/EventStore.ts';
import type { DeadLetterRecord, DeliveryRecord } from '../store/records.ts';
import type { BuiltInFunction } from './BuiltInFunction.ts';
import type { DeliverySettings } from './DeliverySettings.ts';
import type { Timers } from '../../time/Timers.ts';
import { nodeTimers } from '../../time/nodeTimers.ts';
import type { NamedWebhook } from './NamedWebhook.ts';
import { DeliveryError } from './DeliveryError.ts';
import { DeliveryErrorCode } from './DeliveryErrorCode.ts';
import { buildTargetInput, type TargetInput } from './buildTargetInput.ts';
import { parseTargetArn, type TargetEndpoint } from './parseTargetArn.ts';
import { planRetryDelay } from './planRetryDelay.ts';
import { postWebhook } from './postWebhook.ts';
import { readJsonPath } from './readJsonPath.ts';

export interface DeliveryWorkerOptions {
  store: EventStore;
  functions: Map<string, BuiltInFunction>;
  webhooks: Record<string, NamedWebhook>;
  settings: DeliverySettings;
  /** Owner of this worker's leases: unique per process (and per bus in one process). */
  workerId: string;
  fetch?: typeof fetch;
  now: () => Date;
  newId: () => string;
  random: () => number;
  log: (line: Record<string, unknown>) => void;
  /** Schedules retries, polls and lease renewals (default: Node's timers). */
  timers?: Timers;
}

type Outcome = { status: 'SUCCEEDED'; result?: unknown; httpStatus?: number } | { status: 'DUPLICATE'; duplicateOf: string };

/** A delivery whose lease this worker holds. */
interface Held {
  delivery: DeliveryRecord;
  /** `recording`: the attempt's outcome is being written; that write, conditional on the lease, decides whether it still held. */
  state: 'queued' | 'running' | 'recording';
  /** Aborts the running attempt when the lease is lost. */
  controller: AbortController;
  lost: boolean;
}

/** What a waiter is given: the final delivery, or nothing when the delivery left this worker (look in the store). */
type Waiter = { resolve: (d: DeliveryRecord | undefined) => void; reject: (e: Error) => void };


/**
 * Runs deliveries: at most `concurrency` attempts at a time, retries with
 * exponential backoff while the error is retryable and the target's retry
 * policy allows, then records a dead letter. Built-in functions run under an
 * idempotency key (rule ARN, target id, event id), so one event reaches one
 * function target at most once successfully, whatever the duplicates.
 *
 * Several workers (one per Kinora process) may share one store: a worker
 * runs only deliveries whose lease it holds (`EventStore.claimDeliveries`,
 * `FOR UPDATE SKIP LOCKED` on PostgreSQL), so each attempt runs in one
 * process:
 * - a delivery its own process creates is leased to it at once
 *   ({@link newLease}) and runs without waiting for a poll;
 * - once started ({@link resume}), it claims due deliveries every
 *   `pollIntervalMs`, up to its free slots: retries that came due, deliveries
 *   released by a closed process, and those of a crashed one once their
 *   leases expire;
 * - it renews the leases it holds every `leaseMs / 3`, queued or running (a
 *   webhook may take its whole timeout); a renewal that finds a lease lost
 *   aborts that attempt, and a check right before a function runs makes sure
 *   the lease is still this worker's;
 * - the write that records an attempt's outcome is conditional on the lease
 *   and gives it up: a worker that lost its lease writes nothing and logs
 *   `event delivery lease lost`. A retry waits without a lease, so when it is
 *   due any worker may claim it (this one tries first, with a timer).
 *
 * {@link close} stops claiming, aborts running attempts (they do not count)
 * and releases every lease this worker holds: another process claims those
 * deliveries at its next poll, or the next process on the same store at
 * {@link resume}.
 */
export class DeliveryWorker {
  private readonly options: DeliveryWorkerOptions;
  private readonly timers: Timers;
  private readonly held = new Map<string, Held>();
  private readonly queue: Held[] = [];
  private running = 0;
  /** Retries this worker scheduled (no lease while they wait), with their timers (undefined while being claimed). */
  private readonly retries = new Map<string, unknown>();
  private readonly waiters = new Map<string, Waiter[]>();
  private idleWaiters: (() => void)[] = [];
  /** Attempts, claims, renewals and releases in flight: `close()` waits for them. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly closing = new AbortController();
  private started = false;
  private pollTimer: unknown;
  private renewTimer: unknown;
  private claiming?: Promise<number>;
  private claimAgain = false;
  /** The last claim filled every free slot: more may be due, claim again when a slot frees. */
  private backlog = false;

  constructor(options: DeliveryWorkerOptions) {
    if (!(options.settings.concurrency >= 1)) throw new RangeError(`delivery concurrency must be at least 1, found ${options.settings.concurrency}`);
    if (!(options.settings.leaseMs > 0)) throw new RangeError(`delivery leaseMs must be positive, found ${options.settings.leaseMs}`);
    this.options = options;
    this.timers = options.timers ?? nodeTimers();
  }

  /**
   * The lease a delivery created by this process is written with, so that it
   * is this worker's from the start; none once closed (any worker may claim it).
   */
  newLease(): Pick<DeliveryRecord, 'leaseOwner' | 'leaseExpiresAt'> {
    if (this.closing.signal.aborted) return {};
    return { leaseOwner: this.options.workerId, leaseExpiresAt: new Date(this.options.now().getTime() + this.options.settings.leaseMs).toISOString() };
  }

  /**
   * Runs a PENDING delivery this worker holds the lease of (written with
   * {@link newLease}) when a slot is free. Ignored if it is already this
   * worker's, or has no lease of this worker's (written after close: another
   * worker's poll claims it).
   */
  enqueue(delivery: DeliveryRecord): void {
    if (delivery.status === 'PENDING' && delivery.leaseOwner === this.options.workerId && !this.isActive(delivery.id)) this.accept(delivery);
  }

  /**
   * Starts polling for due deliveries (every `pollIntervalMs`) and claims
   * the ones due now, up to the free slots. Returns how many it claimed.
   */
  async resume(): Promise<number> {
    if (this.closing.signal.aborted) return 0;
    if (!this.started) {
      this.started = true;
      this.schedulePoll();
    }
    return this.claimDue();
  }

  /**
   * Resolves with the delivery once it is final (SUCCEEDED, FAILED or
   * DUPLICATE), whichever worker finishes it: one running elsewhere is
   * looked up in the store every `pollIntervalMs`. A wait still open when
   * the worker closes is rejected; one begun after close resolves with the
   * delivery as stored.
   */
  async waitFor(deliveryId: string): Promise<DeliveryRecord> {
    for (;;) {
      if (this.isActive(deliveryId)) {
        const settled = await new Promise<DeliveryRecord | undefined>((resolve, reject) => {
          const list = this.waiters.get(deliveryId) ?? [];
          list.push({ resolve, reject });
          this.waiters.set(deliveryId, list);
        });
        if (settled) return settled;
        continue;
      }
      const d = await this.options.store.getDelivery(deliveryId);
      if (!d) throw new Error(`no delivery ${deliveryId}`);
      if (d.status !== 'PENDING' || this.closing.signal.aborted) return d;
      await new Promise<void>((resolve) => this.timers.setTimeout(resolve, this.options.settings.pollIntervalMs));
    }
  }

  /** Resolves when this worker has nothing queued, waiting for a retry or running. */
  whenIdle(): Promise<void> {
    if (!this.hasWork()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Stops: no more polls, claims or scheduled retries; running attempts are
   * aborted and waited for (they do not count as attempts); then every lease
   * this worker holds is released, so those deliveries, still PENDING, can
   * be claimed at once by another process (or by the next one). Retries this
   * worker was waiting for hold no lease: any worker claims them when due.
   */
  async close(): Promise<void> {
    if (!this.closing.signal.aborted) this.closing.abort(new Error('event bus closed'));
    this.started = false;
    this.timers.clearTimeout(this.pollTimer);
    this.timers.clearTimeout(this.renewTimer);
    for (const timer of this.retries.values()) this.timers.clearTimeout(timer);
    this.retries.clear();
    this.queue.length = 0;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    const ids = [...this.held.keys()];
    this.held.clear();
    if (ids.length > 0) await this.release(ids);
    for (const [id, waiters] of this.waiters) for (const w of waiters) w.reject(new Error(`event bus closed before delivery ${id} finished`));
    this.waiters.clear();
    this.notifyIdle();
  }

  private isActive(id: string): boolean {
    return this.held.has(id) || this.retries.has(id);
  }

  private hasWork(): boolean {
    return this.held.size > 0 || this.retries.size > 0;
  }

  /** Takes a delivery leased to this worker. */
  private accept(d: DeliveryRecord): void {
    if (this.closing.signal.aborted) {
      void this.release([d.id]);
      return;
    }
    if (this.held.has(d.id)) return;
    const retry = this.retries.get(d.id);
    if (this.retries.delete(d.id)) this.timers.clearTimeout(retry);
    const entry: Held = { delivery: d, state: 'queued', controller: new AbortController(), lost: false };
    this.held.set(d.id, entry);
    this.queue.push(entry);
    this.scheduleRenewal();
    this.pump();
  }

  private pump(): void {
    while (!this.closing.signal.aborted && this.running < this.options.settings.concurrency && this.queue.length > 0) {
      const entry = this.queue.shift()!;
      entry.state = 'running';
      this.running += 1;
      const run = this.attempt(entry)
        .catch((e) => {
          this.options.log({ msg: 'event delivery crashed', deliveryId: entry.delivery.id, error: (e as Error).message });
          // Its lease lapses unrenewed; then any worker (this one included) claims it again.
          if (!this.closing.signal.aborted && this.held.get(entry.delivery.id) === entry) {
            this.held.delete(entry.delivery.id);
            this.handOff(entry.delivery.id);
          }
        })
        .finally(() => {
          this.running -= 1;
          this.pump();
          if (this.backlog) void this.claimDue();
        });
      this.track(run);
    }
  }

  /** Claims due deliveries for the free slots; one claim at a time (a request during one runs after it). */
  private claimDue(): Promise<number> {
    if (this.claiming) {
      this.claimAgain = true;
      return this.claiming;
    }
    const claiming = (async () => {
      let total = 0;
      try {
        do {
          this.claimAgain = false;
          total += await this.claimOnce();
        } while (this.claimAgain && !this.closing.signal.aborted);
      } finally {
        this.claiming = undefined;
      }
      return total;
    })();
    this.claiming = claiming;
    this.track(claiming);
    return claiming;
  }

  private async claimOnce(): Promise<number> {
    const { store, settings, workerId, now } = this.options;
    if (this.closing.signal.aborted) return 0;
    const free = settings.concurrency - this.held.size;
    if (free <= 0) {
      this.backlog = true;
      return 0;
    }
    let claimed: DeliveryRecord[];
    try {
      claimed = await store.claimDeliveries({ owner: workerId, now: now().toISOString(), leaseMs: settings.leaseMs, limit: free });
    } catch (e) {
      this.options.log({ msg: 'event delivery claim failed', workerId, error: (e as Error).message });
      return 0;
    }
    this.backlog = claimed.length === free;
    for (const d of claimed) this.accept(d);
    return claimed.length;
  }

  private schedulePoll(): void {
    if (!this.started || this.closing.signal.aborted) return;
    this.pollTimer = this.timers.setTimeout(() => {
      this.pollTimer = undefined;
      void this.claimDue().finally(() => this.schedulePoll());
    }, this.options.settings.pollIntervalMs);
  }

  /** Claims one delivery this worker waits for (a retry that is due), or lets it go if another worker has it. */
  private claimRetry(id: string): void {
    const { store, settings, workerId, now } = this.options;
    this.retries.set(id, undefined);
    const later = () => {
      if (this.retries.has(id) && !this.closing.signal.aborted) {
        this.retries.set(id, this.timers.setTimeout(() => this.claimRetry(id), settings.pollIntervalMs));
      }
    };
    this.track((async () => {
      try {
        const [claimed] = await store.claimDeliveries({ owner: workerId, now: now().toISOString(), leaseMs: settings.leaseMs, limit: 1, ids: [id] });
        if (claimed) {
          this.retries.delete(id);
          this.accept(claimed);
          return;
        }
        if (!this.retries.has(id)) return;
        const d = await store.getDelivery(id);
        if (!this.retries.has(id)) return;
        if (!d) {
          this.retries.delete(id);
          this.handOff(id);
        } else if (d.status !== 'PENDING') {
          this.retries.delete(id);
          this.settle(d);
        } else if (d.leaseOwner !== undefined && d.leaseOwner !== workerId) {
          // Another worker claimed it when it came due: it is that worker's now.
          this.retries.delete(id);
          this.handOff(id);
        } else {
          later(); // not due yet by this clock
        }
      } catch (e) {
        this.options.log({ msg: 'event delivery claim failed', deliveryId: id, workerId, error: (e as Error).message });
        later();
      }
    })());
  }

  private scheduleRetry(d: DeliveryRecord): void {
    const due = Math.max(0, Date.parse(d.nextAttemptAt!) - this.options.now().getTime());
    this.retries.set(d.id, this.timers.setTimeout(() => this.claimRetry(d.id), due));
  }

  private scheduleRenewal(): void {
    if (this.renewTimer !== undefined || this.closing.signal.aborted || this.held.size === 0) return;
    this.renewTimer = this.timers.setTimeout(() => {
      this.track(this.renew().finally(() => {
        this.renewTimer = undefined;
        this.scheduleRenewal();
      }));
    }, Math.max(1, Math.floor(this.options.settings.leaseMs / 3)));
  }

  private async renew(): Promise<void> {
    const { store, settings, workerId, now } = this.options;
    const entries = [...this.held.values()];
    if (entries.length === 0 || this.closing.signal.aborted) return;
    let kept: Set<string>;
    try {
      kept = new Set(await store.renewDeliveryLeases({ owner: workerId, ids: entries.map((e) => e.delivery.id), now: now().toISOString(), leaseMs: settings.leaseMs }));
    } catch (e) {
      // Not a lost lease: the next renewal may succeed before the lease lapses.
      this.options.log({ msg: 'event delivery lease renewal failed', workerId, error: (e as Error).message });
      return;
    }
    for (const entry of entries) {
      // Entries that changed meanwhile (recorded, re-claimed) are not what was renewed.
      if (kept.has(entry.delivery.id) || this.held.get(entry.delivery.id) !== entry || entry.state === 'recording') continue;
      this.leaseLost(entry, 'renewal');
    }
  }

  /** Another worker has (or may take) the delivery: stop working on it here. */
  private leaseLost(entry: Held, when: string): void {
    if (entry.lost) return;
    entry.lost = true;
    this.options.log({ msg: 'event delivery lease lost', when, workerId: this.options.workerId, ...summary(entry.delivery) });
    this.held.delete(entry.delivery.id);
    if (entry.state === 'queued') {
      this.queue.splice(this.queue.indexOf(entry), 1);
      this.handOff(entry.delivery.id);
    } else {
      entry.controller.abort(new Error(`lease on delivery ${entry.delivery.id} lost`));
    }
  }

  private async attempt(entry: Held): Promise<void> {
    const { settings, now } = this.options;
    const d = entry.delivery;
    const signal = AbortSignal.any([entry.controller.signal, this.closing.signal]);
    const started = now();
    d.attempts += 1;
    d.updatedAt = started.toISOString();
    delete d.nextAttemptAt;
    let endpoint: TargetEndpoint | undefined;
    try {
      const maxAge = d.target.RetryPolicy?.MaximumEventAgeInSeconds ?? settings.maxEventAgeSeconds;
      if ((started.getTime() - Date.parse(d.createdAt)) / 1000 > maxAge) {
        throw new DeliveryError(DeliveryErrorCode.EVENT_TOO_OLD, `the delivery is older than ${maxAge} s`, { retryable: false });
      }
      endpoint = parseTargetArn(d.target.Arn);
      if (!endpoint) throw new DeliveryError(DeliveryErrorCode.TARGET_NOT_SUPPORTED, `Kinora cannot deliver to ${d.target.Arn}`, { retryable: false });
      let input: TargetInput;
      try {
        input = buildTargetInput(d.event, d.target, { name: d.ruleName, arn: d.ruleArn });
      } catch (e) {
        throw new DeliveryError(DeliveryErrorCode.INPUT_TRANSFORM_FAILED, `target ${d.targetId}: ${(e as Error).message}`, { retryable: false, cause: e });
      }
      const outcome = endpoint.kind === 'function' ? await this.runFunction(entry, endpoint.name, input, signal) : await this.callWebhook(d, endpoint, input, signal);
      await this.finish(entry, outcome);
    } catch (e) {
      if (entry.lost) {
        // Logged when it was found lost; the new holder's outcome stands.
        this.handOff(d.id);
        return;
      }
      if (this.closing.signal.aborted) {
        // Interrupted by close(): not a failure of the target; close() releases the lease.
        d.attempts -= 1;
        return;
      }
      const error = e instanceof DeliveryError
        ? e
        : new DeliveryError(DeliveryErrorCode.INTERNAL, (e as Error).message, { retryable: true, cause: e });
      await this.failed(entry, error, endpoint);
    }
  }

  private async runFunction(entry: Held, name: string, input: TargetInput, signal: AbortSignal): Promise<Outcome> {
    const { store, settings, now, workerId } = this.options;
    const d = entry.delivery;
    const fn = this.options.functions.get(name);
    if (!fn) {
      const known = [...this.options.functions.keys()].join(', ') || 'none';
      throw new DeliveryError(DeliveryErrorCode.FUNCTION_NOT_FOUND, `no built-in function "${name}" (registered: ${known})`, { retryable: false });
    }
    // The idempotency key lets the same delivery claim it again (its retries,
    // a run after a crash); what keeps two workers from running one delivery
    // at once is the lease, checked (and renewed) right here, before the key.
    const held = await store.renewDeliveryLeases({ owner: workerId, ids: [d.id], now: now().toISOString(), leaseMs: settings.leaseMs });
    if (!held.includes(d.id)) {
      this.leaseLost(entry, 'before running the function');
      throw new Error(`lease on delivery ${d.id} lost`);
    }
    signal.throwIfAborted();
    const claim = await store.claimIdempotencyKey(idempotencyKey(d), d.id, now().toISOString());
    if (!claim.claimed) return { status: 'DUPLICATE', duplicateOf: claim.holder.deliveryId };

    const timeout = new AbortController();
    const stop = AbortSignal.any([timeout.signal, signal]);
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const stopped = new Promise<never>((_, reject) => {
      onAbort = () => reject(stop.reason);
      stop.addEventListener('abort', onAbort, { once: true });
      timer = setTimeout(() => timeout.abort(
        new DeliveryError(DeliveryErrorCode.FUNCTION_TIMEOUT, `built-in function "${name}" did not finish within ${settings.functionTimeoutMs} ms`, { retryable: true }),
      ), settings.functionTimeoutMs);
    });
    try {
      const context = { deliveryId: d.id, attempt: d.attempts, ruleArn: d.ruleArn, targetId: d.targetId, signal: stop };
      const result = await Promise.race([fn(structuredClone(d.event), structuredClone(input.value), context), stopped]);
      await store.completeIdempotencyKey(idempotencyKey(d), d.id, now().toISOString());
      return { status: 'SUCCEEDED', result: toJson(result) };
    } catch (e) {
      if (e instanceof DeliveryError) throw e;
      const retryable = (e as { retryable?: unknown } | null)?.retryable !== false;
      throw new DeliveryError(DeliveryErrorCode.FUNCTION_ERROR, `built-in function "${name}" failed: ${(e as Error)?.message ?? String(e)}`, { retryable, cause: e });
    } finally {
      clearTimeout(timer);
      if (onAbort) stop.removeEventListener('abort', onAbort);
    }
  }

  private async callWebhook(d: DeliveryRecord, endpoint: Exclude<TargetEndpoint, { kind: 'function' }>, input: TargetInput, signal: AbortSignal): Promise<Outcome> {
    let url: string;
    let configured: Record<string, string> = {};
    if (endpoint.kind === 'webhook') {
      url = endpoint.url;
    } else {
      const named = this.options.webhooks[endpoint.name];
      if (!named) throw new DeliveryError(DeliveryErrorCode.WEBHOOK_NOT_CONFIGURED, `no webhook is configured under the name "${endpoint.name}"`, { retryable: false });
      url = named.url;
      configured = named.headers ?? {};
    }
    const http = d.target.HttpParameters;
    const resolve = (value: string) => {
      if (!value.startsWith('$.')) return value;
      const found = readJsonPath(d.event, value);
      return found === undefined || found === null ? '' : typeof found === 'string' ? found : JSON.stringify(found);
    };
    const target = new URL(url);
    for (const value of http?.PathParameterValues ?? []) target.pathname = target.pathname.replace('*', encodeURIComponent(resolve(value)));
    for (const [k, v] of Object.entries(http?.QueryStringParameters ?? {})) target.searchParams.append(k, resolve(v));
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Kinora-Events/1',
      'x-kinora-event-id': d.eventId,
      'x-kinora-delivery-id': d.id,
      'x-kinora-attempt': String(d.attempts),
      'x-kinora-rule-arn': d.ruleArn,
      ...Object.fromEntries(Object.entries(http?.HeaderParameters ?? {}).map(([k, v]) => [k.toLowerCase(), resolve(v)])),
      ...Object.fromEntries(Object.entries(configured).map(([k, v]) => [k.toLowerCase(), v])),
    };
    const answer = await postWebhook({
      url: target.href,
      body: input.body,
      headers,
      timeoutMs: this.options.settings.webhookTimeoutMs,
      signal,
      fetch: this.options.fetch,
    });
    return { status: 'SUCCEEDED', httpStatus: answer.status };
  }

  private async finish(entry: Held, outcome: Outcome): Promise<void> {
    const { store, now } = this.options;
    const d = entry.delivery;
    entry.state = 'recording';
    const at = now().toISOString();
    d.status = outcome.status;
    d.updatedAt = at;
    d.completedAt = at;
    delete d.errorCode;
    delete d.error;
    let deadLetter: DeadLetterRecord | undefined;
    if (outcome.status === 'DUPLICATE') {
      d.duplicateOf = outcome.duplicateOf;
    } else {
      if (outcome.result !== undefined) d.result = outcome.result;
      if (outcome.httpStatus !== undefined) d.httpStatus = outcome.httpStatus;
      if (d.replayOf) {
        const dead = await store.getDeadLetter(d.replayOf);
        if (dead) deadLetter = { ...dead, resolvedAt: at, lastReplayDeliveryId: d.id };
      }
    }
    if (!(await this.record(entry, { deadLetter }))) return;
    this.options.log({ msg: 'event delivery', outcome: d.status, ...summary(d) });
    this.settle(d);
  }

  private async failed(entry: Held, error: DeliveryError, endpoint: TargetEndpoint | undefined): Promise<void> {
    const { store, settings, now, random } = this.options;
    const d = entry.delivery;
    entry.state = 'recording';
    const at = now();
    d.updatedAt = at.toISOString();
    d.errorCode = error.code;
    d.error = error.message;
    if (error.httpStatus !== undefined) d.httpStatus = error.httpStatus;
    else delete d.httpStatus;

    const maxRetries = d.target.RetryPolicy?.MaximumRetryAttempts ?? settings.maxRetries;
    const maxAge = d.target.RetryPolicy?.MaximumEventAgeInSeconds ?? settings.maxEventAgeSeconds;
    const delay = planRetryDelay(d.attempts, settings, random);
    const ageAtRetry = (at.getTime() + delay - Date.parse(d.createdAt)) / 1000;
    if (error.retryable && d.attempts - 1 < maxRetries && ageAtRetry <= maxAge) {
      d.nextAttemptAt = new Date(at.getTime() + delay).toISOString();
      if (!(await this.record(entry, {}))) return;
      this.options.log({ msg: 'event delivery', outcome: 'RETRY', ...summary(d) });
      this.scheduleRetry(d);
      return;
    }

    d.status = 'FAILED';
    d.completedAt = d.updatedAt;
    const original = d.replayOf ? await store.getDeadLetter(d.replayOf) : undefined;
    const deadLetter: DeadLetterRecord = original
      ? { ...original, attempts: d.attempts, errorCode: error.code, error: error.message, lastReplayDeliveryId: d.id }
      : {
          id: this.options.newId(),
          deliveryId: d.id,
          eventId: d.eventId,
          eventBusName: d.eventBusName,
          ruleName: d.ruleName,
          ruleArn: d.ruleArn,
          targetId: d.targetId,
          targetArn: d.targetArn,
          attempts: d.attempts,
          errorCode: error.code,
          error: error.message,
          createdAt: d.updatedAt,
          replays: 0,
          event: d.event,
          target: d.target,
        };
    // A function delivery that failed for good gives its idempotency key up, so that its replay can run.
    const releaseKey = endpoint?.kind === 'function' ? idempotencyKey(d) : undefined;
    if (!(await this.record(entry, { deadLetter, releaseKey }))) return;
    this.options.log({ msg: 'event delivery', outcome: 'FAILED', ...summary(d) });
    this.settle(d);
  }

  /**
   * Writes the attempt's outcome if this worker still holds the lease, which
   * the write gives up. False when it no longer does: another worker claimed
   * the delivery after the lease lapsed, and its outcome stands.
   */
  private async record(entry: Held, extra: { deadLetter?: DeadLetterRecord; releaseKey?: string }): Promise<boolean> {
    const d = entry.delivery;
    delete d.leaseOwner;
    delete d.leaseExpiresAt;
    const recorded = await this.options.store.recordDeliveryAttempt({ delivery: d, owner: this.options.workerId, ...extra });
    if (this.held.get(d.id) === entry) this.held.delete(d.id);
    if (!recorded) {
      entry.lost = true;
      this.options.log({ msg: 'event delivery lease lost', when: 'recording the attempt', workerId: this.options.workerId, discarded: d.status === 'PENDING' ? 'RETRY' : d.status, ...summary(d) });
      this.handOff(d.id);
    }
    return recorded;
  }

  /** The delivery is final: tell its waiters. */
  private settle(d: DeliveryRecord): void {
    for (const w of this.waiters.get(d.id) ?? []) w.resolve(structuredClone(d));
    this.waiters.delete(d.id);
    if (!this.hasWork()) this.notifyIdle();
  }

  /** The delivery is no longer this worker's to finish: its waiters look for it in the store. */
  private handOff(id: string): void {
    for (const w of this.waiters.get(id) ?? []) w.resolve(undefined);
    this.waiters.delete(id);
    if (!this.hasWork()) this.notifyIdle();
  }

  private async release(ids: string[]): Promise<void> {
    const released = this.options.store.releaseDeliveryLeases({ owner: this.options.workerId, ids }).catch((e) => {
      // The leases then lapse on their own.
      this.options.log({ msg: 'event delivery lease release failed', workerId: this.options.workerId, error: (e as Error).message });
    });
    this.track(released);
    await released;
  }

  private track(p: Promise<unknown>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p)).catch(() => {});
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** One event reaches one function target of one rule once. */
function idempotencyKey(d: DeliveryRecord): string {
  return `${d.ruleArn}|${d.targetId}|${d.eventId}`;
}

function summary(d: DeliveryRecord): Record<string, unknown> {
  return {
    deliveryId: d.id,
    eventId: d.eventId,
    ruleArn: d.ruleArn,
    targetId: d.targetId,
    targetArn: d.targetArn,
    attempts: d.attempts,
    errorCode: d.errorCode,
    error: d.error,
    nextAttemptAt: d.nextAttemptAt,
    duplicateOf: d.duplicateOf,
  };
}

/** A function's result as stored: JSON, or its description when it is not serialisable. */
function toJson(result: unknown): unknown {
  if (result === undefined) return undefined;
  try {
    return JSON.parse(JSON.stringify(result));
  } catch {
    return String(result);
  }
}
