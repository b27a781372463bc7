import type { EventStore } from '../store/EventStore.ts';
import type { DeadLetterRecord, DeliveryRecord } from '../store/records.ts';
import type { BuiltInFunction } from './BuiltInFunction.ts';
import type { DeliverySettings } from './DeliverySettings.ts';
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
  fetch?: typeof fetch;
  now: () => Date;
  newId: () => string;
  random: () => number;
  log: (line: Record<string, unknown>) => void;
}

type Outcome = { status: 'SUCCEEDED'; result?: unknown; httpStatus?: number } | { status: 'DUPLICATE'; duplicateOf: string };

/**
 * Runs deliveries: at most `concurrency` attempts at a time, retries with
 * exponential backoff while the error is retryable and the target's retry
 * policy allows, then records a dead letter. Every attempt's outcome is
 * written to the delivery record. Built-in functions run under an
 * idempotency key (rule ARN, target id, event id), so one event reaches one
 * function target at most once successfully, whatever the duplicates.
 * Closing stops scheduling; unfinished deliveries stay `PENDING` in the
 * store, and {@link resume} picks them up in the next process.
 */
export class DeliveryWorker {
  private readonly options: DeliveryWorkerOptions;
  private readonly queue: DeliveryRecord[] = [];
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Deliveries this worker has not finished (queued, waiting for a retry, or running). */
  private readonly active = new Set<string>();
  private readonly settledWaiters = new Map<string, { resolve: (d: DeliveryRecord) => void; reject: (e: Error) => void }[]>();
  private idleWaiters: (() => void)[] = [];
  private readonly closing = new AbortController();

  constructor(options: DeliveryWorkerOptions) {
    this.options = options;
  }

  /** Schedules a PENDING delivery (at its `nextAttemptAt`, if set). Ignored once closed or if already scheduled. */
  enqueue(delivery: DeliveryRecord): void {
    if (this.closing.signal.aborted || this.active.has(delivery.id) || delivery.status !== 'PENDING') return;
    this.active.add(delivery.id);
    const due = delivery.nextAttemptAt ? Date.parse(delivery.nextAttemptAt) - this.options.now().getTime() : 0;
    if (due > 0) {
      this.timers.set(delivery.id, setTimeout(() => {
        this.timers.delete(delivery.id);
        this.queue.push(delivery);
        this.pump();
      }, due));
    } else {
      this.queue.push(delivery);
      this.pump();
    }
  }

  /** Schedules the PENDING deliveries found in the store (after a restart). Returns how many. */
  async resume(): Promise<number> {
    const pending = await this.options.store.listDeliveries({ status: 'PENDING' });
    for (const d of pending) this.enqueue(d);
    return pending.length;
  }

  /** Resolves with the delivery once it is final (SUCCEEDED, FAILED or DUPLICATE). */
  async waitFor(deliveryId: string): Promise<DeliveryRecord> {
    if (!this.active.has(deliveryId)) {
      const d = await this.options.store.getDelivery(deliveryId);
      if (d) return d;
      throw new Error(`no delivery ${deliveryId}`);
    }
    return new Promise((resolve, reject) => {
      const list = this.settledWaiters.get(deliveryId) ?? [];
      list.push({ resolve, reject });
      this.settledWaiters.set(deliveryId, list);
    });
  }

  /** Resolves when nothing is queued, waiting for a retry or running. */
  whenIdle(): Promise<void> {
    if (this.active.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops: cancels scheduled retries, aborts running attempts and waits for them; their deliveries stay PENDING. */
  async close(): Promise<void> {
    this.closing.abort(new Error('event bus closed'));
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.queue.length = 0;
    await Promise.allSettled([...this.inFlight.values()]);
    for (const [id, waiters] of this.settledWaiters) for (const w of waiters) w.reject(new Error(`event bus closed before delivery ${id} finished`));
    this.settledWaiters.clear();
    this.active.clear();
    this.notifyIdle();
  }

  private pump(): void {
    while (!this.closing.signal.aborted && this.inFlight.size < this.options.settings.concurrency && this.queue.length > 0) {
      const delivery = this.queue.shift()!;
      const run = this.attempt(delivery)
        .catch((e) => this.options.log({ msg: 'event delivery crashed', deliveryId: delivery.id, error: (e as Error).message }))
        .finally(() => {
          this.inFlight.delete(delivery.id);
          this.pump();
        });
      this.inFlight.set(delivery.id, run);
    }
  }

  private async attempt(d: DeliveryRecord): Promise<void> {
    const { store, settings, now } = this.options;
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
      const outcome = endpoint.kind === 'function' ? await this.runFunction(d, endpoint.name, input) : await this.callWebhook(d, endpoint, input);
      await this.finish(d, outcome);
    } catch (e) {
      const error = e instanceof DeliveryError
        ? e
        : new DeliveryError(DeliveryErrorCode.INTERNAL, (e as Error).message, { retryable: true, cause: e });
      if (this.closing.signal.aborted) {
        // Interrupted by close(): not a failure of the target; resumed by the next process.
        d.attempts -= 1;
        return;
      }
      await this.failed(d, error, endpoint);
    }
  }

  private async runFunction(d: DeliveryRecord, name: string, input: TargetInput): Promise<Outcome> {
    const { store, settings, now } = this.options;
    const fn = this.options.functions.get(name);
    if (!fn) {
      const known = [...this.options.functions.keys()].join(', ') || 'none';
      throw new DeliveryError(DeliveryErrorCode.FUNCTION_NOT_FOUND, `no built-in function "${name}" (registered: ${known})`, { retryable: false });
    }
    const claim = await store.claimIdempotencyKey(idempotencyKey(d), d.id, now().toISOString());
    if (!claim.claimed) return { status: 'DUPLICATE', duplicateOf: claim.holder.deliveryId };

    const timeout = new AbortController();
    const signal = AbortSignal.any([timeout.signal, this.closing.signal]);
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const stopped = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      timer = setTimeout(() => timeout.abort(
        new DeliveryError(DeliveryErrorCode.FUNCTION_TIMEOUT, `built-in function "${name}" did not finish within ${settings.functionTimeoutMs} ms`, { retryable: true }),
      ), settings.functionTimeoutMs);
    });
    try {
      const context = { deliveryId: d.id, attempt: d.attempts, ruleArn: d.ruleArn, targetId: d.targetId, signal };
      const result = await Promise.race([fn(structuredClone(d.event), structuredClone(input.value), context), stopped]);
      await store.completeIdempotencyKey(idempotencyKey(d), d.id, now().toISOString());
      return { status: 'SUCCEEDED', result: toJson(result) };
    } catch (e) {
      if (e instanceof DeliveryError) throw e;
      const retryable = (e as { retryable?: unknown } | null)?.retryable !== false;
      throw new DeliveryError(DeliveryErrorCode.FUNCTION_ERROR, `built-in function "${name}" failed: ${(e as Error)?.message ?? String(e)}`, { retryable, cause: e });
    } finally {
      clearTimeout(timer);
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  }

  private async callWebhook(d: DeliveryRecord, endpoint: Exclude<TargetEndpoint, { kind: 'function' }>, input: TargetInput): Promise<Outcome> {
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
      signal: this.closing.signal,
      fetch: this.options.fetch,
    });
    return { status: 'SUCCEEDED', httpStatus: answer.status };
  }

  private async finish(d: DeliveryRecord, outcome: Outcome): Promise<void> {
    const { store, now } = this.options;
    const at = now().toISOString();
    d.status = outcome.status;
    d.updatedAt = at;
    d.completedAt = at;
    delete d.errorCode;
    delete d.error;
    if (outcome.status === 'DUPLICATE') {
      d.duplicateOf = outcome.duplicateOf;
    } else {
      if (outcome.result !== undefined) d.result = outcome.result;
      if (outcome.httpStatus !== undefined) d.httpStatus = outcome.httpStatus;
      if (d.replayOf) {
        const dead = await store.getDeadLetter(d.replayOf);
        if (dead) await store.putDeadLetter({ ...dead, resolvedAt: at, lastReplayDeliveryId: d.id });
      }
    }
    await store.putDelivery(d);
    this.options.log({ msg: 'event delivery', outcome: d.status, ...summary(d) });
    this.settle(d);
  }

  private async failed(d: DeliveryRecord, error: DeliveryError, endpoint: TargetEndpoint | undefined): Promise<void> {
    const { store, settings, now, random } = this.options;
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
      await store.putDelivery(d);
      this.options.log({ msg: 'event delivery', outcome: 'RETRY', ...summary(d) });
      this.active.delete(d.id);
      this.enqueue(d);
      return;
    }

    d.status = 'FAILED';
    d.completedAt = d.updatedAt;
    if (endpoint?.kind === 'function') await store.releaseIdempotencyKey(idempotencyKey(d), d.id);
    const original = d.replayOf ? await store.getDeadLetter(d.replayOf) : undefined;
    if (original) {
      await store.putDeadLetter({ ...original, attempts: d.attempts, errorCode: error.code, error: error.message, lastReplayDeliveryId: d.id });
    } else {
      const dead: DeadLetterRecord = {
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
      await store.putDeadLetter(dead);
    }
    await store.putDelivery(d);
    this.options.log({ msg: 'event delivery', outcome: 'FAILED', ...summary(d) });
    this.settle(d);
  }

  private settle(d: DeliveryRecord): void {
    this.active.delete(d.id);
    for (const w of this.settledWaiters.get(d.id) ?? []) w.resolve(structuredClone(d));
    this.settledWaiters.delete(d.id);
    if (this.active.size === 0) this.notifyIdle();
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
