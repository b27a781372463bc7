/**
 * Event deliveries shared by two Kinora "processes" on one PostgreSQL
 * database: two EventBus instances, each on a PostgresEventStore with a pool
 * of its own, real timers, short leases. Each delivery runs once; a function
 * blocked in one process is not run by the other; a process that stops or
 * closes mid-delivery leaves the delivery to the other. Waits are on
 * conditions (the store, the webhook server, the logs), never on durations.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { createServer, type ServerResponse } from 'node:http';
import { EventBus } from '../../src/events/bus/EventBus.ts';
import type { BuiltInFunction } from '../../src/events/bus/BuiltInFunction.ts';
import type { DeliverySettings } from '../../src/events/bus/DeliverySettings.ts';
import type { Timers } from '../../src/time/Timers.ts';
import type { EventStore } from '../../src/events/store/EventStore.ts';
import { PostgresEventStore } from '../../src/events/store/PostgresEventStore.ts';
import type { DeliveryRecord } from '../../src/events/store/records.ts';
import { startPostgres, type TestPostgres } from '../support/startPostgres.ts';

const fast: Partial<DeliverySettings> = {
  concurrency: 2,
  maxRetries: 2,
  baseDelayMs: 20,
  maxDelayMs: 50,
  jitter: 0,
  leaseMs: 600,
  pollIntervalMs: 40,
  webhookTimeoutMs: 60_000,
  functionTimeoutMs: 60_000,
};

/** Timers that never run: the renewals and polls of a process that has stopped (SIGSTOP, a hung event loop). */
const stopped: Timers = { setTimeout: () => 0, clearTimeout: () => {} };

interface Arrival {
  path: string;
  deliveryId: string;
  attempt: string;
  /** Date.now() when it arrived. */
  at: number;
}

/** Webhook receiver: answers 200, except that while `holding`, requests to /hold wait for `release()`. */
async function startWebhooks() {
  const arrivals: Arrival[] = [];
  const held: ServerResponse[] = [];
  const state = { holding: false };
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      arrivals.push({ path, deliveryId: String(request.headers['x-kinora-delivery-id']), attempt: String(request.headers['x-kinora-attempt']), at: Date.now() });
      if (path === '/hold' && state.holding) held.push(response);
      else response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    arrivals,
    state,
    /** Answers the held requests (with 202, to tell them apart). */
    release() {
      for (const r of held.splice(0)) r.writeHead(202).end();
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Resolves once `check` holds, looking again every 10 ms (the test's timeout bounds it). */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 10));
}

interface Process {
  name: string;
  store: EventStore;
  bus: EventBus;
  log: Record<string, unknown>[];
  /** Claims this process's worker made (polls, start), counted as they return. */
  claims: { count: number };
  close(): Promise<void>;
}

/** Processes a test opened: closed after it, whatever its outcome. */
const opened: Process[] = [];

/** One "process": its own pool on the database and its own bus. */
async function openProcess(url: string, name: string, options: { functions?: Record<string, BuiltInFunction>; delivery?: Partial<DeliverySettings>; timers?: Timers } = {}): Promise<Process> {
  const store = await PostgresEventStore.open(url);
  const claims = { count: 0 };
  const counted = new Proxy(store, {
    get(target, key, receiver) {
      if (key !== 'claimDeliveries') return Reflect.get(target, key, receiver);
      return async (...args: Parameters<EventStore['claimDeliveries']>) => {
        const claimed = await target.claimDeliveries(...args);
        claims.count += 1;
        return claimed;
      };
    },
  });
  const log: Record<string, unknown>[] = [];
  const bus = new EventBus({
    store: counted,
    workerId: name,
    functions: options.functions,
    delivery: { ...fast, ...options.delivery },
    timers: options.timers,
    log: (line) => log.push(line),
  });
  const process: Process = {
    name,
    store,
    bus,
    log,
    claims,
    async close() {
      await bus.close();
      await store.close();
    },
  };
  opened.push(process);
  return process;
}

async function pendingCount(store: EventStore): Promise<number> {
  return (await store.listDeliveries({ status: 'PENDING' })).length;
}

describe('event deliveries shared by two processes on one PostgreSQL database', () => {
  let postgres: TestPostgres;
  let hooks: Awaited<ReturnType<typeof startWebhooks>>;
  before(async () => {
    postgres = await startPostgres();
    hooks = await startWebhooks();
  });
  afterEach(async () => {
    hooks.release();
    for (const p of opened.splice(0)) await p.close();
  });
  after(async () => {
    await hooks?.close();
    await postgres?.close();
  });

  test('N events, emitted in both processes or left by a dead one: each webhook and function target is delivered exactly once', { timeout: 60_000 }, async () => {
    const url = await postgres.createDatabase();
    const runs: { eventId: string; process: string }[] = [];
    const count = (process: string): BuiltInFunction => async (event) => {
      runs.push({ eventId: event.id, process });
      return { ok: true };
    };
    const a = await openProcess(url, 'a', { functions: { count: count('a') } });
    const b = await openProcess(url, 'b', { functions: { count: count('b') } });
    await a.bus.rules.putRule({ Name: 'both', EventPattern: '{"source":["kinora.many"]}' });
    await a.bus.rules.putTargets({ Rule: 'both', Targets: [{ Id: 'hook', Arn: `${hooks.base}/each` }, { Id: 'fn', Arn: 'arn:kinora:function:::count' }] });

    // Deliveries a dead process left: leased to it, leases expired.
    const [template] = (await a.bus.emit({ source: 'kinora.many', 'detail-type': 'Many', detail: { n: -1 } })).deliveries;
    await a.bus.whenIdle();
    const expired = new Date(Date.now() - 1).toISOString();
    for (let i = 0; i < 10; i++) {
      for (const [targetId, targetArn] of [['hook', `${hooks.base}/each`], ['fn', 'arn:kinora:function:::count']]) {
        const eventId = `left-${i}`;
        const orphan: DeliveryRecord = {
          ...structuredClone(template),
          id: `left-${i}-${targetId}`,
          eventId,
          event: { ...template.event, id: eventId, detail: { n: 100 + i } },
          targetId,
          targetArn,
          target: { Id: targetId, Arn: targetArn },
          leaseOwner: 'dead',
          leaseExpiresAt: expired,
        };
        await a.store.putDelivery(orphan);
      }
    }

    await Promise.all([a.bus.start(), b.bus.start()]);
    await Promise.all(Array.from({ length: 10 }, (_, n) => (n % 2 === 0 ? a : b).bus.emit({ source: 'kinora.many', 'detail-type': 'Many', detail: { n } })));
    await until(async () => (await pendingCount(a.store)) === 0);

    const deliveries = await a.store.listDeliveries();
    assert.equal(deliveries.length, 2 * (1 + 10 + 10));
    assert.deepEqual(deliveries.filter((d) => d.status !== 'SUCCEEDED'), [], 'every delivery succeeded');
    const webhookIds = deliveries.filter((d) => d.targetId === 'hook').map((d) => d.id).sort();
    assert.deepEqual(hooks.arrivals.filter((r) => r.path === '/each').map((r) => r.deliveryId).sort(), webhookIds, 'each webhook delivery was posted once');
    const eventIds = [...new Set(deliveries.map((d) => d.eventId))].sort();
    assert.deepEqual(runs.map((r) => r.eventId).sort(), eventIds, 'the function ran once per event');
    assert.deepEqual(deliveries.filter((d) => d.attempts !== 1).map((d) => d.id), [], 'one attempt each');
    assert.deepEqual(a.log.concat(b.log).filter((l) => l.msg !== 'event delivery'), [], 'no lost lease, no failure');
    await a.close();
    await b.close();
  });

  test('a function blocked in one process is not run by the other while its lease is renewed, nor by a duplicate event', { timeout: 60_000 }, async () => {
    const url = await postgres.createDatabase();
    const runs: string[] = [];
    const gate = Promise.withResolvers<void>();
    const block = (process: string): BuiltInFunction => async () => {
      runs.push(process);
      await gate.promise;
      return { ran: process };
    };
    const a = await openProcess(url, 'a', { functions: { block: block('a') } });
    const b = await openProcess(url, 'b', { functions: { block: block('b') } });
    await a.bus.rules.putRule({ Name: 'block', EventPattern: '{"source":["kinora.block"]}' });
    await a.bus.rules.putTargets({ Rule: 'block', Targets: [{ Id: 'fn', Arn: 'arn:kinora:function:::block' }] });
    await b.bus.start();

    const event = { id: 'job-7-complete', source: 'kinora.block', 'detail-type': 'Block', detail: {} };
    const [running] = (await a.bus.emit(event)).deliveries;
    await until(() => runs.length === 1);
    // b polls for three leases' time (each poll waits pollIntervalMs): without renewals the lease would have lapsed.
    const from = b.claims.count;
    const polls = Math.ceil((3 * fast.leaseMs!) / fast.pollIntervalMs!);
    await until(() => b.claims.count >= from + polls);
    assert.deepEqual(runs, ['a']);
    assert.equal((await a.store.getDelivery(running.id))?.leaseOwner, 'a');

    // The same event again, in the other process: the key is held, the function does not run.
    const [duplicate] = (await b.bus.emit(event)).deliveries;
    const dup = await b.bus.waitForDelivery(duplicate.id);
    assert.deepEqual([dup.status, dup.duplicateOf], ['DUPLICATE', running.id]);

    gate.resolve();
    const done = await a.bus.waitForDelivery(running.id);
    assert.deepEqual([done.status, done.result, done.attempts], ['SUCCEEDED', { ran: 'a' }, 1]);
    assert.deepEqual(runs, ['a'], 'it ran once, in one process');
    await a.close();
    await b.close();
  });

  test('a process that stops mid-delivery: the other takes the delivery once the lease expires, and the late outcome is refused', { timeout: 60_000 }, async () => {
    const url = await postgres.createDatabase();
    const a = await openProcess(url, 'a', { timers: stopped });
    const b = await openProcess(url, 'b');
    await a.bus.rules.putRule({ Name: 'hold', EventPattern: '{"source":["kinora.hold"]}' });
    await a.bus.rules.putTargets({ Rule: 'hold', Targets: [{ Id: 'hook', Arn: `${hooks.base}/hold` }] });
    hooks.state.holding = true;
    const [delivery] = (await a.bus.emit({ source: 'kinora.hold', 'detail-type': 'Hold', detail: {} })).deliveries;
    await until(() => hooks.arrivals.some((r) => r.deliveryId === delivery.id));
    hooks.state.holding = false; // a's request stays held; b's is answered

    await b.bus.start();
    await until(async () => (await b.store.getDelivery(delivery.id))?.status === 'SUCCEEDED');
    const requests = hooks.arrivals.filter((r) => r.deliveryId === delivery.id);
    assert.equal(requests.length, 2, 'a\'s attempt, then b\'s');
    assert.ok(requests[1].at >= Date.parse(delivery.leaseExpiresAt!), 'b posted only after a\'s lease had expired');
    const done = await b.store.getDelivery(delivery.id);
    assert.deepEqual([done?.httpStatus, done?.attempts, done?.leaseOwner], [200, 1, undefined]);

    hooks.release(); // a's answer comes back, late
    await until(() => a.log.some((l) => l.msg === 'event delivery lease lost'));
    assert.equal(a.log.find((l) => l.msg === 'event delivery lease lost')?.when, 'recording the attempt');
    assert.equal((await b.store.getDelivery(delivery.id))?.httpStatus, 200, 'b\'s outcome stands');
    await a.close();
    await b.close();
  });

  test('a process closed mid-delivery releases it: the other takes it at its next poll', { timeout: 60_000 }, async () => {
    const url = await postgres.createDatabase();
    // A lease far longer than the test: only the release can hand the delivery over.
    const a = await openProcess(url, 'a', { delivery: { leaseMs: 3_600_000 } });
    const b = await openProcess(url, 'b');
    await a.bus.rules.putRule({ Name: 'hold', EventPattern: '{"source":["kinora.close"]}' });
    await a.bus.rules.putTargets({ Rule: 'hold', Targets: [{ Id: 'hook', Arn: `${hooks.base}/hold` }] });
    hooks.state.holding = true;
    const [delivery] = (await a.bus.emit({ source: 'kinora.close', 'detail-type': 'Close', detail: {} })).deliveries;
    await until(() => hooks.arrivals.some((r) => r.deliveryId === delivery.id));
    hooks.state.holding = false;

    await a.close();
    const left = await b.store.getDelivery(delivery.id);
    assert.deepEqual([left?.status, left?.attempts, left?.leaseOwner], ['PENDING', 0, undefined], 'released, the interrupted attempt not counted');
    await b.bus.start();
    const done = await until(async () => (await b.store.getDelivery(delivery.id))?.status === 'SUCCEEDED').then(() => b.store.getDelivery(delivery.id));
    assert.deepEqual([done?.httpStatus, done?.attempts], [200, 1]);
    assert.deepEqual(hooks.arrivals.filter((r) => r.deliveryId === delivery.id).map((r) => r.attempt), ['1', '1']);
    hooks.release();
    await b.close();
  });
});
