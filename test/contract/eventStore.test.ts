/**
 * The EventStore contract, run against every adapter: what the event bus
 * relies on (rule upsert and listing order, EventBridge's refusal to delete
 * a rule with targets, the 5-target limit applied atomically, delivery and
 * dead-letter bookkeeping, idempotency keys held across retries, delivery
 * leases: one owner per due delivery, expiry, renewal, and attempts recorded
 * only by the lease holder; the event log: newest first, filtered, paged,
 * one entry per event id, bounded by retention).
 * PostgreSQL runs in a throwaway cluster started for this file; each test
 * gets a database of its own.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { EventStore } from '../../src/events/store/EventStore.ts';
import type { DeadLetterRecord, DeliveryRecord, EventLogRecord, RuleRecord, TargetRecord } from '../../src/events/store/records.ts';
import { MemoryEventStore } from '../../src/events/store/MemoryEventStore.ts';
import { SqliteEventStore } from '../../src/events/store/SqliteEventStore.ts';
import { sqliteEventStoreMigrations } from '../../src/events/store/sqliteEventStoreMigrations.ts';
import { PostgresEventStore } from '../../src/events/store/PostgresEventStore.ts';
import { postgresEventStoreMigrations } from '../../src/events/store/postgresEventStoreMigrations.ts';
import { openPostgresPool } from '../../src/db/postgres/openPostgresPool.ts';
import { startPostgres, type TestPostgres } from '../support/startPostgres.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'kinora-event-store-'));
let postgres: TestPostgres;
before(async () => {
  postgres = await startPostgres();
});
after(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await postgres?.close();
});

let files = 0;
const adapters: Record<string, () => EventStore | Promise<EventStore>> = {
  MemoryEventStore: () => new MemoryEventStore(),
  SqliteEventStore: () => new SqliteEventStore(join(dataDir, `events-${++files}.sqlite`)),
  PostgresEventStore: async () => PostgresEventStore.open(await postgres.createDatabase()),
};

function rule(name: string, extra: Partial<RuleRecord> = {}): RuleRecord {
  return {
    Name: name,
    Arn: `arn:aws:events:us-east-1:000000000000:rule/${name}`,
    EventBusName: 'default',
    EventPattern: '{"source":["aws.mediaconvert"]}',
    State: 'ENABLED',
    CreatedBy: '000000000000',
    ...extra,
  };
}

function target(id: string, extra: Partial<TargetRecord> = {}): TargetRecord {
  return { Id: id, Arn: `https://hooks.example/${id}`, ...extra };
}

const event = {
  version: '0',
  id: 'e-1',
  'detail-type': 'MediaConvert Job State Change',
  source: 'aws.mediaconvert',
  account: '000000000000',
  time: '2024-01-01T00:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: { status: 'COMPLETE' },
};

function delivery(id: string, extra: Partial<DeliveryRecord> = {}): DeliveryRecord {
  return {
    id,
    eventId: 'e-1',
    eventBusName: 'default',
    ruleName: 'r',
    ruleArn: rule('r').Arn,
    targetId: 't',
    targetArn: 'https://hooks.example/t',
    status: 'PENDING',
    attempts: 0,
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    event,
    target: target('t'),
    ...extra,
  };
}

function deadLetter(id: string, extra: Partial<DeadLetterRecord> = {}): DeadLetterRecord {
  return {
    id,
    deliveryId: `d-${id}`,
    eventId: 'e-1',
    eventBusName: 'default',
    ruleName: 'r',
    ruleArn: rule('r').Arn,
    targetId: 't',
    targetArn: 'https://hooks.example/t',
    attempts: 3,
    errorCode: 'WEBHOOK_HTTP_ERROR',
    error: 'POST https://hooks.example/t answered 503',
    createdAt: '2024-01-01T00:00:00.000Z',
    replays: 0,
    event,
    target: target('t'),
    ...extra,
  };
}

/** An event-log entry for event `id`, received `secondsIn` seconds after 2024-01-01T00:00:00Z. */
function logged(id: string, secondsIn: number, extra: { source?: string; detailType?: string; deliveryIds?: string[]; detail?: Record<string, unknown> } = {}): EventLogRecord {
  return {
    event: { ...event, id, source: extra.source ?? 'aws.mediaconvert', 'detail-type': extra.detailType ?? 'MediaConvert Job State Change', detail: extra.detail ?? { n: secondsIn } },
    receivedAt: new Date(Date.UTC(2024, 0, 1) + secondsIn * 1000).toISOString(),
    origin: 'emit',
    deliveryIds: extra.deliveryIds ?? [],
  };
}

/** Every page of the event log for `query`, following the cursors. */
async function allPages(store: EventStore, query: { source?: string; detailType?: string; limit: number }): Promise<string[][]> {
  const pages: string[][] = [];
  let before: string | undefined;
  do {
    const page = await store.listEvents({ ...query, before });
    pages.push(page.events.map((e) => e.event.id));
    before = page.next;
  } while (before !== undefined && pages.length < 20);
  return pages;
}

for (const [name, open] of Object.entries(adapters)) {
  describe(name, () => {
    test('rules: upsert by bus and name, listing sorted with prefix and pagination', async () => {
      const store = await open();
      await store.putRule(rule('b-rule'));
      await store.putRule(rule('a-rule'));
      await store.putRule(rule('a-other'));
      await store.putRule(rule('a-rule', { EventBusName: 'other' }));
      await store.putRule(rule('b-rule', { State: 'DISABLED', Description: 'second write' }));

      assert.deepEqual((await store.listRules({ eventBusName: 'default' })).map((r) => r.Name), ['a-other', 'a-rule', 'b-rule']);
      assert.deepEqual((await store.listRules({ eventBusName: 'default', namePrefix: 'a-' })).map((r) => r.Name), ['a-other', 'a-rule']);
      assert.deepEqual((await store.listRules({ eventBusName: 'default', limit: 2 })).map((r) => r.Name), ['a-other', 'a-rule']);
      assert.deepEqual((await store.listRules({ eventBusName: 'default', afterName: 'a-rule' })).map((r) => r.Name), ['b-rule']);
      assert.deepEqual((await store.listRules({ eventBusName: 'other' })).map((r) => r.Name), ['a-rule']);
      assert.deepEqual(await store.getRule('default', 'b-rule'), rule('b-rule', { State: 'DISABLED', Description: 'second write' }));
      assert.equal(await store.getRule('default', 'missing'), undefined);
      await store.close();
    });

    test('rules: a rule with targets is not deleted; without, it is', async () => {
      const store = await open();
      await store.putRule(rule('r'));
      assert.equal(await store.putTargets('default', 'r', [target('t1')], 5), 'OK');
      assert.equal(await store.deleteRule('default', 'r'), 'HAS_TARGETS');
      assert.ok(await store.getRule('default', 'r'));
      assert.deepEqual(await store.removeTargets('default', 'r', ['t1', 'absent']), ['t1']);
      assert.equal(await store.deleteRule('default', 'r'), 'DELETED');
      assert.equal(await store.getRule('default', 'r'), undefined);
      assert.equal(await store.deleteRule('default', 'r'), 'NOT_FOUND');
      await store.close();
    });

    test('targets: upsert by id, sorted, limited per rule, only on existing rules', async () => {
      const store = await open();
      assert.equal(await store.putTargets('default', 'r', [target('t1')], 5), 'RULE_NOT_FOUND');
      await store.putRule(rule('r'));
      await store.putRule(rule('s'));
      assert.equal(await store.putTargets('default', 'r', [target('t3'), target('t1')], 5), 'OK');
      assert.equal(await store.putTargets('default', 'r', [target('t1', { Input: '{"x":1}' }), target('t2')], 5), 'OK');
      assert.deepEqual(await store.listTargets('default', 'r'), [target('t1', { Input: '{"x":1}' }), target('t2'), target('t3')]);
      assert.equal(await store.putTargets('default', 'r', [target('t4'), target('t5'), target('t6')], 5), 'LIMIT_EXCEEDED');
      assert.deepEqual((await store.listTargets('default', 'r')).map((t) => t.Id), ['t1', 't2', 't3'], 'nothing of a refused call is kept');
      assert.equal(await store.putTargets('default', 'r', [target('t1'), target('t4'), target('t5')], 5), 'OK', 'replacing counts once');
      assert.deepEqual(await store.listTargets('default', 's'), []);
      await store.close();
    });

    test('deliveries: upsert by id, listed in creation order, filtered', async () => {
      const store = await open();
      await store.putDelivery(delivery('d1'));
      await store.putDelivery(delivery('d2', { eventId: 'e-2' }));
      await store.putDelivery(delivery('d3', { ruleArn: 'arn:aws:events:us-east-1:000000000000:rule/s' }));
      await store.putDelivery(delivery('d1', { status: 'SUCCEEDED', attempts: 2, completedAt: '2024-01-01T00:00:01.000Z' }));

      assert.deepEqual((await store.listDeliveries()).map((d) => d.id), ['d1', 'd2', 'd3']);
      assert.deepEqual(await store.getDelivery('d1'), delivery('d1', { status: 'SUCCEEDED', attempts: 2, completedAt: '2024-01-01T00:00:01.000Z' }));
      assert.deepEqual((await store.listDeliveries({ status: 'PENDING' })).map((d) => d.id), ['d2', 'd3']);
      assert.deepEqual((await store.listDeliveries({ eventId: 'e-2' })).map((d) => d.id), ['d2']);
      assert.deepEqual((await store.listDeliveries({ ruleArn: rule('r').Arn, limit: 1 })).map((d) => d.id), ['d1']);
      assert.equal(await store.getDelivery('absent'), undefined);
      await store.close();
    });

    test('dead letters: resolved ones are hidden unless asked for', async () => {
      const store = await open();
      await store.putDeadLetter(deadLetter('x1'));
      await store.putDeadLetter(deadLetter('x2', { ruleArn: 'arn:aws:events:us-east-1:000000000000:rule/s' }));
      await store.putDeadLetter(deadLetter('x1', { replays: 1, lastReplayDeliveryId: 'd9', resolvedAt: '2024-01-02T00:00:00.000Z' }));

      assert.deepEqual((await store.listDeadLetters()).map((d) => d.id), ['x2']);
      assert.deepEqual((await store.listDeadLetters({ includeResolved: true })).map((d) => d.id), ['x1', 'x2']);
      assert.deepEqual((await store.listDeadLetters({ includeResolved: true, ruleArn: rule('r').Arn })).map((d) => d.id), ['x1']);
      assert.equal((await store.getDeadLetter('x1'))?.lastReplayDeliveryId, 'd9');
      await store.close();
    });

    test('idempotency keys: one holder; its own retries may claim again; released keys are free', async () => {
      const store = await open();
      const now = '2024-01-01T00:00:00.000Z';
      assert.deepEqual(await store.claimIdempotencyKey('k', 'd1', now), { claimed: true });
      assert.deepEqual(await store.claimIdempotencyKey('k', 'd1', now), { claimed: true }, 'a retry of the holder');
      const other = await store.claimIdempotencyKey('k', 'd2', now);
      assert.equal(other.claimed, false);
      assert.equal(!other.claimed && other.holder.deliveryId, 'd1');
      assert.equal(!other.claimed && other.holder.status, 'IN_PROGRESS');

      await store.releaseIdempotencyKey('k', 'd2');
      assert.equal((await store.claimIdempotencyKey('k', 'd2', now)).claimed, false, 'only the holder releases');
      await store.releaseIdempotencyKey('k', 'd1');
      assert.deepEqual(await store.claimIdempotencyKey('k', 'd2', now), { claimed: true });

      await store.completeIdempotencyKey('k', 'd2', '2024-01-01T00:00:05.000Z');
      const done = await store.claimIdempotencyKey('k', 'd2', now);
      assert.equal(done.claimed, false, 'finished work is not claimed again, even by its holder');
      assert.equal(!done.claimed && done.holder.status, 'SUCCEEDED');
      assert.equal(!done.claimed && done.holder.completedAt, '2024-01-01T00:00:05.000Z');
      await store.close();
    });

    test('concurrent putTargets calls on one rule never pass the limit together', async () => {
      const store = await open();
      await store.putRule(rule('r'));
      // Reads first, so that a pooled adapter has connections open and the writes really overlap.
      await Promise.all(['a', 'b', 'c', 'd'].map(() => store.listTargets('default', 'r')));
      const outcomes = await Promise.all(
        ['a', 'b', 'c', 'd'].map((p) => store.putTargets('default', 'r', [target(`${p}1`), target(`${p}2`)], 5)),
      );
      assert.deepEqual([...outcomes].sort(), ['LIMIT_EXCEEDED', 'LIMIT_EXCEEDED', 'OK', 'OK']);
      assert.equal((await store.listTargets('default', 'r')).length, 4);
      await store.close();
    });

    test('concurrent claims of one idempotency key: exactly one delivery holds it', async () => {
      const store = await open();
      const now = '2024-01-01T00:00:00.000Z';
      const deliveries = ['d1', 'd2', 'd3', 'd4', 'd5'];
      await Promise.all(deliveries.map((d) => store.getDelivery(d))); // open pooled connections first, so the claims overlap
      const claims = await Promise.all(deliveries.map((d) => store.claimIdempotencyKey('k', d, now)));
      const winners = deliveries.filter((_, i) => claims[i].claimed);
      assert.equal(winners.length, 1);
      const named = claims.map((c) => (c.claimed ? winners[0] : c.holder.deliveryId));
      assert.deepEqual(named, deliveries.map(() => winners[0]), 'every other claimer is told the winner holds the key');
      await store.close();
    });

    test('documents round-trip exactly, whatever their strings hold', async () => {
      const store = await open();
      const odd = { ...event, detail: { nul: 'a\u0000b', emoji: '\u{1F3AC}', quote: `"'\\`, deep: { list: [1, 2.5, null, true, { x: '' }] } } };
      await store.putDelivery(delivery('d1', { event: odd, result: { big: 2 ** 52, text: 'ok' } }));
      assert.deepEqual(await store.getDelivery('d1'), delivery('d1', { event: odd, result: { big: 2 ** 52, text: 'ok' } }));
      await store.close();
    });

    describe('delivery leases', () => {
      const t0 = '2024-01-01T00:00:00.000Z';
      const at = (ms: number) => new Date(Date.parse(t0) + ms).toISOString();

      test('a claim gives each due delivery to one owner, oldest first, with its lease', async () => {
        const store = await open();
        await store.putDelivery(delivery('d1'));
        await store.putDelivery(delivery('d2'));
        await store.putDelivery(delivery('done', { status: 'SUCCEEDED', completedAt: t0 }));
        await store.putDelivery(delivery('d3'));

        const first = await store.claimDeliveries({ owner: 'a', now: t0, leaseMs: 1000, limit: 2 });
        assert.deepEqual(first.map((d) => d.id), ['d1', 'd2']);
        assert.deepEqual(first.map((d) => [d.leaseOwner, d.leaseExpiresAt]), [['a', at(1000)], ['a', at(1000)]]);
        assert.deepEqual(first[0], delivery('d1', { leaseOwner: 'a', leaseExpiresAt: at(1000) }), 'the record, lease added');
        assert.deepEqual((await store.claimDeliveries({ owner: 'b', now: t0, leaseMs: 1000, limit: 5 })).map((d) => d.id), ['d3']);
        assert.deepEqual(await store.claimDeliveries({ owner: 'c', now: t0, leaseMs: 1000, limit: 5 }), [], 'final deliveries are never claimed');
        assert.deepEqual([(await store.getDelivery('d2'))?.leaseOwner, (await store.getDelivery('d3'))?.leaseOwner], ['a', 'b']);
        assert.deepEqual((await store.listDeliveries({ status: 'PENDING' })).map((d) => d.leaseOwner), ['a', 'a', 'b'], 'lists show the leases');
        await store.close();
      });

      test('a live lease keeps other owners out; once it expires another owner claims the delivery', async () => {
        const store = await open();
        await store.putDelivery(delivery('d1'));
        await store.claimDeliveries({ owner: 'a', now: t0, leaseMs: 1000, limit: 1 });
        assert.deepEqual(await store.claimDeliveries({ owner: 'b', now: at(999), leaseMs: 1000, limit: 1 }), []);
        assert.deepEqual(await store.claimDeliveries({ owner: 'a', now: at(999), leaseMs: 1000, limit: 1 }), [], 'nor is it claimed twice by its holder');
        const taken = await store.claimDeliveries({ owner: 'b', now: at(1000), leaseMs: 1000, limit: 1 });
        assert.deepEqual(taken.map((d) => [d.id, d.leaseOwner, d.leaseExpiresAt]), [['d1', 'b', at(2000)]]);
        assert.deepEqual(await store.renewDeliveryLeases({ owner: 'a', ids: ['d1'], now: at(1001), leaseMs: 1000 }), [], 'the old holder cannot renew it');
        assert.equal((await store.getDelivery('d1'))?.leaseExpiresAt, at(2000));
        await store.close();
      });

      test('renewals extend the holder\'s leases only', async () => {
        const store = await open();
        await store.putDelivery(delivery('d1'));
        await store.putDelivery(delivery('d2'));
        await store.claimDeliveries({ owner: 'a', now: t0, leaseMs: 1000, limit: 1 });
        await store.claimDeliveries({ owner: 'b', now: t0, leaseMs: 1000, limit: 1 });
        assert.deepEqual(await store.renewDeliveryLeases({ owner: 'a', ids: ['d1', 'd2', 'absent'], now: at(800), leaseMs: 1000 }), ['d1']);
        assert.deepEqual(await store.claimDeliveries({ owner: 'c', now: at(1500), leaseMs: 1000, limit: 5 }).then((c) => c.map((d) => d.id)), ['d2'], 'd1 was renewed to 1.8 s');
        assert.deepEqual(await store.renewDeliveryLeases({ owner: 'a', ids: ['d1'], now: at(2500), leaseMs: 1000 }), ['d1'], 'an expired lease nobody took is still its holder\'s');
        assert.equal((await store.getDelivery('d1'))?.leaseExpiresAt, at(3500));
        await store.close();
      });

      test('recording an attempt needs the lease: a worker that lost it writes nothing', async () => {
        const store = await open();
        await store.putDelivery(delivery('d1'));
        const [mine] = await store.claimDeliveries({ owner: 'a', now: t0, leaseMs: 1000, limit: 1 });
        await store.claimDeliveries({ owner: 'b', now: at(1000), leaseMs: 1000, limit: 1 });

        const late = { ...mine, status: 'FAILED' as const, attempts: 1, completedAt: at(1100), errorCode: 'WEBHOOK_TIMEOUT', error: 'late' };
        assert.equal(await store.recordDeliveryAttempt({ delivery: late, owner: 'a', deadLetter: deadLetter('x-late', { deliveryId: 'd1' }) }), false);
        assert.deepEqual(await store.getDelivery('d1'), delivery('d1', { leaseOwner: 'b', leaseExpiresAt: at(2000) }), 'unchanged');
        assert.equal(await store.getDeadLetter('x-late'), undefined, 'nor is its dead letter written');

        const done = { ...mine, status: 'SUCCEEDED' as const, attempts: 1, completedAt: at(1200), httpStatus: 200 };
        assert.equal(await store.recordDeliveryAttempt({ delivery: done, owner: 'b' }), true);
        assert.deepEqual(await store.getDelivery('d1'), delivery('d1', { status: 'SUCCEEDED', attempts: 1, completedAt: at(1200), httpStatus: 200 }), 'recorded, lease ended');
        assert.equal(await store.recordDeliveryAttempt({ delivery: { ...done, httpStatus: 500 }, owner: 'b' }), false, 'a final delivery is not recorded again');
        assert.equal((await store.getDelivery('d1'))?.httpStatus, 200);
        await store.close();
      });

      test('a failure for good records the delivery, its dead letter and the release of its key together', async () => {
        const store = await open();
        await store.putDelivery(delivery('d1'));
        assert.equal((await store.claimIdempotencyKey('k', 'd1', t0)).claimed, true);
        const [d] = await store.claimDeliveries({ owner: 'a', now: t0, leaseMs: 1000, limit: 1 });
        const failed = { ...d, status: 'FAILED' as const, attempts: 3, completedAt: at(10), errorCode: 'FUNCTION_ERROR', error: 'boom' };
        assert.equal(await store.recordDeliveryAttempt({ delivery: failed, owner: 'a', deadLetter: deadLetter('x1', { deliveryId: 'd1' }), releaseKey: 'k' }), true);
        assert.equal((await store.getDelivery('d1'))?.status, 'FAILED');
        assert.equal((await store.getDeadLetter('x1'))?.deliveryId, 'd1');
        assert.deepEqual(await store.claimIdempotencyKey('k', 'd2', t0), { claimed: true }, 'the key is free for a replay');
        await store.close();
      });

      test('a retry holds no lease and is claimed by any owner once due, not before', async () => {
        const store = await open();
        await store.putDelivery(delivery('d1'));
        const [d] = await store.claimDeliveries({ owner: 'a', now: t0, leaseMs: 60_000, limit: 1 });
        const retry = { ...d, attempts: 1, errorCode: 'WEBHOOK_HTTP_ERROR', error: '503', nextAttemptAt: at(5000) };
        assert.equal(await store.recordDeliveryAttempt({ delivery: retry, owner: 'a' }), true);
        const stored = await store.getDelivery('d1');
        assert.deepEqual([stored?.status, stored?.leaseOwner, stored?.nextAttemptAt], ['PENDING', undefined, at(5000)]);
        assert.deepEqual(await store.claimDeliveries({ owner: 'b', now: at(4999), leaseMs: 1000, limit: 5 }), [], 'not yet due');
        assert.deepEqual((await store.claimDeliveries({ owner: 'b', now: at(5000), leaseMs: 1000, limit: 5 })).map((c) => [c.id, c.attempts, c.leaseOwner]), [['d1', 1, 'b']]);
        await store.close();
      });

      test('a delivery written with a lease (created by a worker for itself) is that worker\'s until it expires', async () => {
        const store = await open();
        await store.putDelivery(delivery('d1', { leaseOwner: 'a', leaseExpiresAt: at(1000) }));
        assert.deepEqual((await store.getDelivery('d1'))?.leaseOwner, 'a');
        assert.deepEqual(await store.claimDeliveries({ owner: 'b', now: t0, leaseMs: 1000, limit: 5 }), []);
        assert.deepEqual(await store.renewDeliveryLeases({ owner: 'a', ids: ['d1'], now: t0, leaseMs: 1000 }), ['d1']);
        assert.deepEqual((await store.claimDeliveries({ owner: 'b', now: at(1000), leaseMs: 1000, limit: 5 })).map((d) => d.leaseOwner), ['b']);
        await store.close();
      });

      test('released leases are claimable at once; others\' leases are not released', async () => {
        const store = await open();
        await store.putDelivery(delivery('d1'));
        await store.putDelivery(delivery('d2'));
        await store.claimDeliveries({ owner: 'a', now: t0, leaseMs: 60_000, limit: 1 });
        await store.claimDeliveries({ owner: 'b', now: t0, leaseMs: 60_000, limit: 1 });
        await store.releaseDeliveryLeases({ owner: 'a', ids: ['d1', 'd2'] });
        assert.deepEqual((await store.getDelivery('d1'))?.leaseOwner, undefined);
        assert.deepEqual((await store.getDelivery('d2'))?.leaseOwner, 'b');
        assert.deepEqual((await store.claimDeliveries({ owner: 'c', now: t0, leaseMs: 1000, limit: 5 })).map((d) => d.id), ['d1']);
        await store.close();
      });

      test('a claim may be limited to given deliveries', async () => {
        const store = await open();
        for (const id of ['d1', 'd2', 'd3']) await store.putDelivery(delivery(id));
        assert.deepEqual((await store.claimDeliveries({ owner: 'a', now: t0, leaseMs: 1000, limit: 5, ids: ['d3', 'd2', 'absent'] })).map((d) => d.id), ['d2', 'd3']);
        assert.deepEqual(await store.claimDeliveries({ owner: 'a', now: t0, leaseMs: 1000, limit: 5, ids: [] }), []);
        assert.deepEqual((await store.claimDeliveries({ owner: 'a', now: t0, leaseMs: 1000, limit: 5 })).map((d) => d.id), ['d1']);
        await store.close();
      });

      test('concurrent claims by several owners never give one delivery twice', async () => {
        const store = await open();
        const ids = Array.from({ length: 24 }, (_, i) => `d${String(i).padStart(2, '0')}`);
        for (const id of ids) await store.putDelivery(delivery(id));
        await Promise.all(ids.slice(0, 6).map((id) => store.getDelivery(id))); // open pooled connections first, so the claims overlap
        const owners = ['a', 'b', 'c', 'd', 'e', 'f'];
        const claimed = new Map<string, string[]>();
        await Promise.all(owners.map(async (owner) => {
          for (;;) {
            const batch = await store.claimDeliveries({ owner, now: t0, leaseMs: 60_000, limit: 3 });
            if (batch.length === 0) return;
            for (const d of batch) claimed.set(d.id, [...(claimed.get(d.id) ?? []), owner]);
          }
        }));
        assert.deepEqual([...claimed.keys()].sort(), ids, 'every delivery was claimed');
        assert.deepEqual([...claimed.values()].filter((o) => o.length > 1), [], 'by one owner each');
        for (const id of ids) assert.equal((await store.getDelivery(id))?.leaseOwner, claimed.get(id)![0]);
        await store.close();
      });
    });

    describe('event log', () => {
      test('events are listed newest first, whole, matched or not', async () => {
        const store = await open();
        const a = logged('a', 1, { deliveryIds: ['d1', 'd2'] });
        const b = { ...logged('b', 2), origin: 'putEvents' as const };
        await store.putEvent(a);
        await store.putEvent(b);
        assert.deepEqual(await store.listEvents({ limit: 10 }), { events: [b, a] });
        await store.close();
      });

      test('filters by exact source and detail-type; pages follow the cursor, each event once', async () => {
        const store = await open();
        for (let i = 1; i <= 7; i++) {
          await store.putEvent(logged(`e${i}`, i, { source: i % 2 ? 'kinora.test' : 'aws.mediaconvert', detailType: i <= 4 ? 'Early' : 'Late' }));
        }
        assert.deepEqual(await allPages(store, { limit: 3 }), [['e7', 'e6', 'e5'], ['e4', 'e3', 'e2'], ['e1']]);
        assert.deepEqual(await allPages(store, { limit: 2, source: 'kinora.test' }), [['e7', 'e5'], ['e3', 'e1']]);
        assert.deepEqual(await allPages(store, { limit: 5, source: 'kinora.test', detailType: 'Early' }), [['e3', 'e1']]);
        assert.deepEqual(await allPages(store, { limit: 5, source: 'kinora' }), [[]], 'a source matches whole, not as a prefix');
        const first = await store.listEvents({ limit: 3 });
        await store.putEvent(logged('e8', 8));
        assert.deepEqual((await store.listEvents({ limit: 3, before: first.next })).events.map((e) => e.event.id), ['e4', 'e3', 'e2'], 'a cursor stays valid while events arrive');
        await assert.rejects(store.listEvents({ limit: 3, before: 'not-a-cursor' }), { code: 'INVALID_REQUEST' });
        await store.close();
      });

      test('an event logged again under its id stays one entry, in its place, and gains the new delivery ids', async () => {
        const store = await open();
        await store.putEvent(logged('x', 1, { deliveryIds: ['d1'] }));
        await store.putEvent(logged('y', 2));
        await store.putEvent({ ...logged('x', 3, { deliveryIds: ['d1', 'd2'] }), origin: 'putEvents' });
        await Promise.all(['d3', 'd4', 'd5'].map((d) => store.putEvent(logged('x', 4, { deliveryIds: [d] }))));
        const { events } = await store.listEvents({ limit: 10 });
        assert.deepEqual(events.map((e) => e.event.id), ['y', 'x']);
        assert.deepEqual(events[1].receivedAt, logged('x', 1).receivedAt);
        assert.equal(events[1].origin, 'emit');
        assert.deepEqual([...events[1].deliveryIds].sort(), ['d1', 'd2', 'd3', 'd4', 'd5']);
        await store.close();
      });

      test('retention keeps the newest events and drops those received too long ago', async () => {
        const store = await open();
        for (let i = 1; i <= 6; i++) await store.putEvent(logged(`e${i}`, i * 60));
        assert.equal(await store.pruneEvents({ keep: 10 }), 0);
        assert.equal(await store.pruneEvents({ keep: 4 }), 2);
        assert.deepEqual((await store.listEvents({ limit: 10 })).events.map((e) => e.event.id), ['e6', 'e5', 'e4', 'e3']);
        assert.equal(await store.pruneEvents({ keep: 10, receivedBefore: logged('-', 4 * 60).receivedAt }), 1, 'received before: strictly older');
        assert.deepEqual((await store.listEvents({ limit: 10 })).events.map((e) => e.event.id), ['e6', 'e5', 'e4']);
        assert.equal(await store.pruneEvents({ keep: 0 }), 3);
        assert.deepEqual(await store.listEvents({ limit: 10 }), { events: [] });
        await store.putEvent(logged('e7', 7 * 60));
        assert.deepEqual((await store.listEvents({ limit: 10 })).events.map((e) => e.event.id), ['e7'], 'logging goes on after a prune');
        await store.close();
      });

      test('events keep strings any database would refuse, and filter by them', async () => {
        const store = await open();
        const odd = logged('odd', 1, { source: 'odd\u0000source', detailType: 'Type \u{1F3AC}', detail: { nul: 'a\u0000b', text: '\\u0000', quote: `"'\\` } });
        await store.putEvent(odd);
        await store.putEvent(logged('plain', 2, { source: 'odd' }));
        assert.deepEqual((await store.listEvents({ limit: 10, source: 'odd\u0000source' })).events, [odd]);
        assert.deepEqual((await store.listEvents({ limit: 10, detailType: 'Type \u{1F3AC}' })).events.map((e) => e.event.id), ['odd']);
        await store.close();
      });

      test('deliveries are listed for a set of events', async () => {
        const store = await open();
        await store.putDelivery(delivery('d1', { eventId: 'e-1' }));
        await store.putDelivery(delivery('d2', { eventId: 'e-2' }));
        await store.putDelivery(delivery('d3', { eventId: 'e-3' }));
        await store.putDelivery(delivery('d4', { eventId: 'e-1' }));
        assert.deepEqual((await store.listDeliveries({ eventIds: ['e-1', 'e-3'] })).map((d) => d.id), ['d1', 'd3', 'd4']);
        assert.deepEqual(await store.listDeliveries({ eventIds: [] }), []);
        await store.close();
      });
    });

    test('records are copies: changing a returned record changes nothing stored', async () => {
      const store = await open();
      await store.putRule(rule('r'));
      const got = await store.getRule('default', 'r');
      got!.State = 'DISABLED';
      assert.equal((await store.getRule('default', 'r'))?.State, 'ENABLED');
      await store.close();
    });
  });
}

describe('SqliteEventStore persistence', () => {
  test('reopening a file keeps everything and applies each migration once', async () => {
    const path = join(dataDir, 'reopen.sqlite');
    const first = new SqliteEventStore(path);
    await first.putRule(rule('r'));
    await first.putTargets('default', 'r', [target('t')], 5);
    await first.putDelivery(delivery('d1'));
    await first.putEvent(logged('kept', 1, { deliveryIds: ['d1'] }));
    await first.close();

    const second = new SqliteEventStore(path);
    assert.deepEqual((await second.listEvents({ limit: 5 })).events, [logged('kept', 1, { deliveryIds: ['d1'] })]);
    assert.deepEqual(second.schemaVersions(), sqliteEventStoreMigrations.map((m) => m.version));
    assert.equal((await second.getRule('default', 'r'))?.Name, 'r');
    assert.deepEqual((await second.listTargets('default', 'r')).map((t) => t.Id), ['t']);
    assert.equal((await second.getDelivery('d1'))?.status, 'PENDING');
    await second.close();
  });

  test('a later migration is applied to an existing file; a newer schema is refused', async () => {
    const path = join(dataDir, 'migrate.sqlite');
    await new SqliteEventStore(path).close();
    const next = [...sqliteEventStoreMigrations, { version: 99, name: 'test column', sql: 'ALTER TABLE event_rules ADD COLUMN note TEXT' }];
    const migrated = new SqliteEventStore(path, next);
    assert.deepEqual(migrated.schemaVersions().at(-1), 99);
    await migrated.close();
    const db = new DatabaseSync(path);
    const columns = db.prepare('PRAGMA table_info(event_rules)').all() as { name: string }[];
    db.close();
    assert.ok(columns.some((c) => c.name === 'note'));
    assert.throws(() => new SqliteEventStore(path), /schema version 99 is newer/);
  });
});

/** A delivery row as schema version 1 wrote it (no lease columns), PENDING, with a retry due at `nextAttemptAt` if given. */
function version1Row(id: string, nextAttemptAt?: string): [string, string, string, string, string] {
  // A detail PostgreSQL's JSON operators refuse (a NUL), and text that only looks like that escape.
  const odd = { ...event, detail: { nul: 'a\u0000b', text: '\\u0000' } };
  const d = delivery(id, nextAttemptAt ? { attempts: 1, nextAttemptAt, event: odd } : { event: odd });
  return [d.id, d.eventId, d.ruleArn, d.status, JSON.stringify(d)];
}

describe('SqliteEventStore delivery lease migration', () => {
  test('PENDING deliveries written before leases existed are claimable, their retries when due', async () => {
    const path = join(dataDir, 'version1.sqlite');
    await new SqliteEventStore(path, sqliteEventStoreMigrations.filter((m) => m.version === 1)).close();
    const db = new DatabaseSync(path);
    const insert = db.prepare('INSERT INTO event_deliveries (id, event_id, rule_arn, status, doc) VALUES (?, ?, ?, ?, ?)');
    insert.run(...version1Row('now'));
    insert.run(...version1Row('later', '2024-01-01T00:10:00.123Z'));
    db.close();

    const store = new SqliteEventStore(path);
    assert.deepEqual(store.schemaVersions(), sqliteEventStoreMigrations.map((m) => m.version));
    assert.deepEqual((await store.claimDeliveries({ owner: 'a', now: '2024-01-01T00:10:00.122Z', leaseMs: 1000, limit: 5 })).map((d) => d.id), ['now']);
    assert.deepEqual((await store.claimDeliveries({ owner: 'a', now: '2024-01-01T00:10:00.123Z', leaseMs: 1000, limit: 5 })).map((d) => d.id), ['later']);
    assert.deepEqual((await store.getDelivery('later'))?.event.detail, { nul: 'a\u0000b', text: '\\u0000' }, 'documents unchanged');
    await store.close();
  });
});

describe('PostgresEventStore persistence', () => {
  test('PENDING deliveries written before leases existed are claimable, their retries when due', async () => {
    const url = await postgres.createDatabase();
    await (await PostgresEventStore.open(url, { migrations: postgresEventStoreMigrations.filter((m) => m.version === 1) })).close();
    const pool = openPostgresPool(url);
    for (const row of [version1Row('now'), version1Row('later', '2024-01-01T00:10:00.123Z')]) {
      await pool.query('INSERT INTO event_deliveries (id, event_id, rule_arn, status, doc) VALUES ($1, $2, $3, $4, $5)', row);
    }
    await pool.end();

    const store = await PostgresEventStore.open(url);
    assert.deepEqual(await store.schemaVersions(), postgresEventStoreMigrations.map((m) => m.version));
    assert.deepEqual((await store.claimDeliveries({ owner: 'a', now: '2024-01-01T00:10:00.122Z', leaseMs: 1000, limit: 5 })).map((d) => d.id), ['now']);
    assert.deepEqual((await store.claimDeliveries({ owner: 'a', now: '2024-01-01T00:10:00.123Z', leaseMs: 1000, limit: 5 })).map((d) => d.id), ['later']);
    assert.deepEqual((await store.getDelivery('later'))?.event.detail, { nul: 'a\u0000b', text: '\\u0000' }, 'documents unchanged');
    await store.close();
  });

  test('reopening a database keeps everything and applies each migration once', async () => {
    const url = await postgres.createDatabase();
    const first = await PostgresEventStore.open(url);
    await first.putRule(rule('r'));
    await first.putTargets('default', 'r', [target('t')], 5);
    await first.putDelivery(delivery('d1'));
    await first.putEvent(logged('kept', 1, { deliveryIds: ['d1'] }));
    await first.close();

    const second = await PostgresEventStore.open(url);
    assert.deepEqual((await second.listEvents({ limit: 5 })).events, [logged('kept', 1, { deliveryIds: ['d1'] })]);
    assert.deepEqual(await second.schemaVersions(), postgresEventStoreMigrations.map((m) => m.version));
    assert.equal((await second.getRule('default', 'r'))?.Name, 'r');
    assert.deepEqual((await second.listTargets('default', 'r')).map((t) => t.Id), ['t']);
    assert.equal((await second.getDelivery('d1'))?.status, 'PENDING');
    await second.close();
  });

  test('processes starting together on a new database migrate it once', async () => {
    const url = await postgres.createDatabase();
    const stores = await Promise.all([1, 2, 3, 4].map(() => PostgresEventStore.open(url)));
    const pool = openPostgresPool(url);
    const rows = await pool.query<{ version: number; n: number }>(
      "SELECT version, count(*)::int AS n FROM schema_migrations WHERE component = 'events' GROUP BY version ORDER BY version",
    );
    await pool.end();
    assert.deepEqual(rows.rows, postgresEventStoreMigrations.map((m) => ({ version: m.version, n: 1 })));
    await stores[0].putRule(rule('r'));
    assert.equal((await stores[3].getRule('default', 'r'))?.Name, 'r', 'all of them use the one schema');
    for (const s of stores) await s.close();
  });

  test('a later migration is applied to an existing database; a newer schema is refused', async () => {
    const url = await postgres.createDatabase();
    await (await PostgresEventStore.open(url)).close();
    const next = [...postgresEventStoreMigrations, { version: 99, name: 'test column', sql: 'ALTER TABLE event_rules ADD COLUMN note text' }];
    const migrated = await PostgresEventStore.open(url, { migrations: next });
    assert.equal((await migrated.schemaVersions()).at(-1), 99);
    await migrated.close();
    const pool = openPostgresPool(url);
    const columns = await pool.query<{ column_name: string }>("SELECT column_name FROM information_schema.columns WHERE table_name = 'event_rules'");
    await pool.end();
    assert.ok(columns.rows.some((c) => c.column_name === 'note'));
    await assert.rejects(PostgresEventStore.open(url), /events schema version 99 in PostgreSQL is newer/);
  });

  test('a failing migration leaves nothing of its run behind', async () => {
    const url = await postgres.createDatabase();
    await (await PostgresEventStore.open(url)).close();
    const next = postgresEventStoreMigrations.at(-1)!.version + 1;
    const broken = [
      ...postgresEventStoreMigrations,
      { version: next, name: 'good step', sql: 'CREATE TABLE event_partial (x int)' },
      { version: next + 1, name: 'bad step', sql: 'ALTER TABLE event_missing ADD COLUMN y int' },
    ];
    await assert.rejects(PostgresEventStore.open(url, { migrations: broken }), /event_missing/);
    const store = await PostgresEventStore.open(url);
    assert.deepEqual(await store.schemaVersions(), postgresEventStoreMigrations.map((m) => m.version));
    await store.close();
    const pool = openPostgresPool(url);
    const partial = await pool.query<{ t: string | null }>("SELECT to_regclass('event_partial')::text AS t");
    await pool.end();
    assert.equal(partial.rows[0].t, null);
  });
});
