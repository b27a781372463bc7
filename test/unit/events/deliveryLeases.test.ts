/**
 * Delivery leases in the worker, on one MemoryEventStore shared by two buses
 * (two "processes"), with a manual clock and manual timers per bus: a bus
 * whose timers are not fired is a process that stopped (no renewal, no
 * poll) while its attempt hangs.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EventBus } from '../../../src/events/bus/EventBus.ts';
import type { DeliverySettings } from '../../../src/events/bus/DeliverySettings.ts';
import { MemoryEventStore } from '../../../src/events/store/MemoryEventStore.ts';
import type { DeliveryRecord } from '../../../src/events/store/records.ts';
import { ManualTimers } from '../../support/ManualTimers.ts';

const LEASE_MS = 30_000;
const POLL_MS = 2_000;
const settings: Partial<DeliverySettings> = { concurrency: 4, maxRetries: 3, baseDelayMs: 1_000, maxDelayMs: 1_000, jitter: 0, leaseMs: LEASE_MS, pollIntervalMs: POLL_MS, webhookTimeoutMs: 600_000 };

/** The one clock both "processes" read. */
const clock = { ms: Date.parse('2024-06-01T12:00:00.000Z') };


/** A webhook per process: answers with `status`, or holds requests until released. */
class FakeWebhook {
  readonly requests: { deliveryId: string; attempt: string; signal: AbortSignal }[] = [];
  hold = false;
  status = 200;
  private held: (() => void)[] = [];

  readonly fetch = (async (_url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const headers = init!.headers as Record<string, string>;
    const signal = init!.signal!;
    this.requests.push({ deliveryId: headers['x-kinora-delivery-id'], attempt: headers['x-kinora-attempt'], signal });
    if (this.hold) {
      await new Promise<void>((resolve, reject) => {
        this.held.push(resolve);
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    }
    return new Response(null, { status: this.status });
  }) as typeof fetch;

  release(): void {
    for (const resolve of this.held.splice(0)) resolve();
  }
}

interface Process {
  bus: EventBus;
  timers: ManualTimers;
  hook: FakeWebhook;
  log: Record<string, unknown>[];
}

function startProcess(store: MemoryEventStore, workerId: string, delivery: Partial<DeliverySettings> = {}): Process {
  const timers = new ManualTimers(clock);
  const hook = new FakeWebhook();
  const log: Record<string, unknown>[] = [];
  const bus = new EventBus({
    store,
    workerId,
    delivery: { ...settings, ...delivery },
    fetch: hook.fetch,
    now: () => new Date(clock.ms),
    timers,
    random: () => 0,
    log: (line) => log.push(line),
  });
  return { bus, timers, hook, log };
}

/** Lets the processes' promises run until `check` holds (the test's timeout bounds it). */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setImmediate(resolve));
}

async function withRule(store: MemoryEventStore): Promise<void> {
  const bus = new EventBus({ store });
  await bus.rules.putRule({ Name: 'hooks', EventPattern: '{"source":["kinora.test"]}' });
  await bus.rules.putTargets({ Rule: 'hooks', Targets: [{ Id: 'hook', Arn: 'https://hooks.example/kinora' }] });
  await bus.close();
}

const event = { source: 'kinora.test', 'detail-type': 'Test', detail: {} };

describe('delivery leases in the worker', () => {
  test('a delivery created by a process is leased to it and runs at once, without a poll', async () => {
    const store = new MemoryEventStore();
    await withRule(store);
    const a = startProcess(store, 'a');
    const { deliveries } = await a.bus.emit(event);
    assert.deepEqual([deliveries[0].leaseOwner, deliveries[0].leaseExpiresAt], ['a', new Date(clock.ms + LEASE_MS).toISOString()]);
    const done = await a.bus.waitForDelivery(deliveries[0].id);
    assert.deepEqual([done.status, done.leaseOwner], ['SUCCEEDED', undefined]);
    assert.equal(a.hook.requests.length, 1);
    await a.bus.close();
  });

  test('a live lease is renewed: another process never takes a long attempt', { timeout: 10_000 }, async () => {
    const store = new MemoryEventStore();
    await withRule(store);
    const a = startProcess(store, 'a');
    const b = startProcess(store, 'b');
    await b.bus.start();
    a.hook.hold = true;
    const { deliveries } = await a.bus.emit(event);
    await until(() => a.hook.requests.length === 1);
    // Three leases long, a renewal (every third of a lease) and a poll by b at each step.
    for (let step = 0; step < 9; step++) {
      clock.ms += LEASE_MS / 3;
      assert.equal(a.timers.fire(), 1, 'a renewal is due');
      await until(() => a.timers.size === 1); // renewed, the next one scheduled
      assert.equal((await store.getDelivery(deliveries[0].id))?.leaseExpiresAt, new Date(clock.ms + LEASE_MS).toISOString());
      assert.equal(b.timers.fire(), 1, 'a poll is due');
      await until(() => b.timers.size === 1); // polled, the next one scheduled
    }
    assert.equal(b.hook.requests.length, 0, 'b never ran it');
    a.hook.release();
    const done = await a.bus.waitForDelivery(deliveries[0].id);
    assert.deepEqual([done.status, done.attempts], ['SUCCEEDED', 1]);
    await a.bus.close();
    await b.bus.close();
  });

  test('a stopped process\'s delivery is claimed by another once the lease expires; the late answer is refused as a lost lease', { timeout: 10_000 }, async () => {
    const store = new MemoryEventStore();
    await withRule(store);
    const a = startProcess(store, 'a');
    const b = startProcess(store, 'b');
    await b.bus.start();
    a.hook.hold = true;
    a.hook.status = 202;
    const { deliveries } = await a.bus.emit(event);
    const id = deliveries[0].id;
    await until(() => a.hook.requests.length === 1);

    // a stops: its timers never fire again. Before the lease expires b's polls find nothing.
    clock.ms += LEASE_MS - 1;
    assert.equal(b.timers.fire(), 1);
    await until(() => b.timers.size === 1);
    assert.equal((await store.getDelivery(id))?.leaseOwner, 'a');
    assert.equal(b.hook.requests.length, 0);
    clock.ms += POLL_MS;
    assert.equal(b.timers.fire(), 1);
    const byB = await until(() => b.hook.requests.length === 1).then(() => b.bus.waitForDelivery(id));
    assert.deepEqual([byB.status, byB.httpStatus, byB.attempts], ['SUCCEEDED', 200, 1]);

    // a's answer arrives late: b's outcome stands, a logs the lost lease.
    a.hook.release();
    await until(() => a.log.some((l) => l.msg === 'event delivery lease lost'));
    const lost = a.log.find((l) => l.msg === 'event delivery lease lost')!;
    assert.deepEqual([lost.deliveryId, lost.when, lost.discarded, lost.workerId], [id, 'recording the attempt', 'SUCCEEDED', 'a']);
    assert.deepEqual([(await store.getDelivery(id))?.httpStatus, (await store.getDelivery(id))?.status], [200, 'SUCCEEDED']);
    await a.bus.whenIdle();
    await a.bus.close();
    await b.bus.close();
  });

  test('a renewal that finds the lease taken aborts the attempt', { timeout: 10_000 }, async () => {
    const store = new MemoryEventStore();
    await withRule(store);
    const a = startProcess(store, 'a');
    const b = startProcess(store, 'b');
    await b.bus.start();
    a.hook.hold = true;
    const { deliveries } = await a.bus.emit(event);
    await until(() => a.hook.requests.length === 1);
    clock.ms += LEASE_MS + POLL_MS; // a's renewals were late (a stalled), b claims
    b.timers.fire();
    await until(() => b.hook.requests.length === 1);
    assert.equal((await b.bus.waitForDelivery(deliveries[0].id)).status, 'SUCCEEDED');
    a.timers.fire(); // a's renewal, late
    await until(() => a.hook.requests[0].signal.aborted);
    assert.deepEqual(a.log.filter((l) => l.msg === 'event delivery lease lost').map((l) => l.when), ['renewal']);
    await a.bus.whenIdle();
    assert.equal((await store.getDelivery(deliveries[0].id))?.status, 'SUCCEEDED');
    await a.bus.close();
    await b.bus.close();
  });

  test('a retry holds no lease: when due, any process claims it', { timeout: 10_000 }, async () => {
    const store = new MemoryEventStore();
    await withRule(store);
    const a = startProcess(store, 'a', { baseDelayMs: 5_000, maxDelayMs: 5_000 });
    const b = startProcess(store, 'b');
    await b.bus.start();
    a.hook.status = 503;
    const { deliveries } = await a.bus.emit(event);
    const id = deliveries[0].id;
    await until(() => a.log.some((l) => l.outcome === 'RETRY'));
    const waiting = await store.getDelivery(id);
    assert.deepEqual([waiting?.status, waiting?.leaseOwner, waiting?.nextAttemptAt], ['PENDING', undefined, new Date(clock.ms + 5_000).toISOString()]);

    clock.ms += POLL_MS;
    assert.equal(b.timers.fire(), 1);
    await until(() => b.timers.size === 1);
    assert.equal(b.hook.requests.length, 0, 'not before it is due');
    clock.ms += 2 * POLL_MS; // due; b polls before a's retry timer fires
    assert.equal(b.timers.fire(), 1);
    const done = await until(() => b.hook.requests.length === 1).then(() => b.bus.waitForDelivery(id));
    assert.deepEqual([done.status, done.attempts, b.hook.requests[0].attempt], ['SUCCEEDED', 2, '2']);

    // a's retry timer fires: it finds the delivery final, and is idle.
    a.timers.fire();
    await a.bus.whenIdle();
    assert.equal(a.hook.requests.length, 1);
    await a.bus.close();
    await b.bus.close();
  });

  test('close releases the leases it holds: another process claims them at its next poll', { timeout: 10_000 }, async () => {
    const store = new MemoryEventStore();
    await withRule(store);
    const a = startProcess(store, 'a', { concurrency: 1 });
    const b = startProcess(store, 'b');
    await b.bus.start();
    a.hook.hold = true;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await a.bus.emit(event)).deliveries[0].id);
    await until(() => a.hook.requests.length === 1);
    await a.bus.close();
    assert.ok(a.hook.requests[0].signal.aborted, 'the running attempt is aborted');
    const left: (DeliveryRecord | undefined)[] = await Promise.all(ids.map((id) => store.getDelivery(id)));
    assert.deepEqual(left.map((d) => [d?.status, d?.attempts, d?.leaseOwner]), ids.map(() => ['PENDING', 0, undefined]), 'released, the interrupted attempt not counted');

    clock.ms += POLL_MS; // well before a's leases would have expired
    b.timers.fire();
    const done = await until(() => b.hook.requests.length === 3).then(() => Promise.all(ids.map((id) => b.bus.waitForDelivery(id))));
    assert.deepEqual(done.map((d) => [d.status, d.attempts]), ids.map(() => ['SUCCEEDED', 1]));
    await b.bus.close();
  });

  test('a process that is not started claims nothing; start claims up to its free slots and the polls the rest', { timeout: 10_000 }, async () => {
    const store = new MemoryEventStore();
    await withRule(store);
    const a = startProcess(store, 'a');
    for (let i = 0; i < 3; i++) await a.bus.emit(event);
    await a.bus.whenIdle();
    // Left behind by a process that died: leased to it, expired.
    const { completedAt, httpStatus, ...base } = (await store.listDeliveries())[0];
    for (let i = 0; i < 6; i++) {
      await store.putDelivery({ ...structuredClone(base), id: `left-${i}`, status: 'PENDING', attempts: 0, leaseOwner: 'dead', leaseExpiresAt: new Date(clock.ms - 1).toISOString() });
    }
    const b = startProcess(store, 'b', { concurrency: 2 });
    assert.equal(b.timers.size, 0, 'no poll before start');
    assert.equal(await b.bus.start(), 2);
    while ((await store.listDeliveries({ status: 'PENDING' })).length > 0) {
      clock.ms += POLL_MS;
      b.timers.fire();
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.deepEqual(b.hook.requests.map((r) => r.deliveryId).sort(), Array.from({ length: 6 }, (_, i) => `left-${i}`));
    await a.bus.close();
    await b.bus.close();
  });
});
