/**
 * The event bus's event log: every event that enters (PutEvents entries,
 * Kinora's own emits) is logged once, matched or not, with the deliveries
 * it caused; a store that fails to log loses the log entry, not the
 * delivery; retention prunes on the first write and every `pruneEvery`-th.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventBus } from '../../../src/events/bus/EventBus.ts';
import { MemoryEventStore } from '../../../src/events/store/MemoryEventStore.ts';
import type { PruneEventsQuery } from '../../../src/events/store/EventStore.ts';
import type { EventLogRecord } from '../../../src/events/store/records.ts';

const T0 = Date.parse('2024-06-01T12:00:00.000Z');

function newBus(store: MemoryEventStore, extra: Partial<ConstructorParameters<typeof EventBus>[0]> = {}) {
  const clock = { ms: T0 };
  const lines: Record<string, unknown>[] = [];
  const calls: unknown[] = [];
  const bus = new EventBus({
    store,
    region: 'us-east-1',
    accountId: '111122223333',
    now: () => new Date(clock.ms),
    functions: { record: async (event) => void calls.push(event) },
    log: (line) => lines.push(line),
    ...extra,
  });
  return { bus, clock, lines, calls };
}

async function logOf(store: MemoryEventStore): Promise<EventLogRecord[]> {
  return (await store.listEvents({ limit: 100 })).events;
}

test('PutEvents entries and emitted events are logged once each, with the deliveries they caused or none', async () => {
  const store = new MemoryEventStore();
  const { bus, calls } = newBus(store);
  await bus.rules.putRule({ Name: 'jobs', EventPattern: '{"source":["aws.mediaconvert"]}' });
  await bus.rules.putTargets({ Rule: 'jobs', Targets: [{ Id: 'a', Arn: 'arn:kinora:function:::record' }, { Id: 'b', Arn: 'arn:kinora:function:::record' }] });

  const put = await bus.putEvents([
    { Source: 'my.app', DetailType: 'Nobody listens', Detail: '{"n":1}' },
    { Source: 'my.app', DetailType: 'Bad', Detail: '[1]' },
  ]);
  const emitted = await bus.emit({ source: 'aws.mediaconvert', 'detail-type': 'MediaConvert Job State Change', detail: { status: 'COMPLETE' } });
  await bus.whenIdle();

  const log = await logOf(store);
  assert.equal(put.FailedEntryCount, 1, 'the malformed entry is refused and not logged');
  assert.deepEqual(log.map((e) => [e.event.id, e.origin, e.event['detail-type']]), [
    [emitted.eventId, 'emit', 'MediaConvert Job State Change'],
    [(put.Entries[0] as { EventId: string }).EventId, 'putEvents', 'Nobody listens'],
  ]);
  assert.deepEqual(log[1].deliveryIds, [], 'matched no rule');
  assert.deepEqual(log[1].event.detail, { n: 1 });
  assert.equal(log[1].receivedAt, new Date(T0).toISOString());
  assert.deepEqual(log[0].deliveryIds, emitted.deliveries.map((d) => d.id));
  assert.equal(log[0].deliveryIds.length, 2);
  assert.equal(calls.length, 2);
  assert.deepEqual((await bus.listEvents({ limit: 1 })).events.map((e) => e.event.id), [emitted.eventId]);
  await bus.close();
});

test('an event emitted again under its id stays one entry and gains the deliveries of each entry', async () => {
  const store = new MemoryEventStore();
  const { bus } = newBus(store);
  await bus.rules.putRule({ Name: 'all', EventPattern: '{"source":["kinora.test"]}' });
  await bus.rules.putTargets({ Rule: 'all', Targets: [{ Id: 'a', Arn: 'arn:kinora:function:::record' }] });
  const first = await bus.emit({ id: 'same', source: 'kinora.test', 'detail-type': 'Again', detail: {} });
  const second = await bus.emit({ id: 'same', source: 'kinora.test', 'detail-type': 'Again', detail: {} });
  await bus.whenIdle();
  const log = await logOf(store);
  assert.equal(log.length, 1);
  assert.deepEqual(log[0].deliveryIds, [...first.deliveries, ...second.deliveries].map((d) => d.id));
  assert.equal((await bus.listDeliveries({ eventIds: ['same'] })).map((d) => d.status).filter((s) => s === 'DUPLICATE').length, 1, 'the function ran once');
  await bus.close();
});

test('a store that fails to log an event: the event is still delivered, and a line says what was not logged', async () => {
  const store = new MemoryEventStore();
  store.putEvent = async () => {
    throw new Error('disk full');
  };
  const { bus, lines, calls } = newBus(store);
  await bus.rules.putRule({ Name: 'all', EventPattern: '{"source":["kinora.test"]}' });
  await bus.rules.putTargets({ Rule: 'all', Targets: [{ Id: 'a', Arn: 'arn:kinora:function:::record' }] });
  const out = await bus.putEvents([{ Source: 'kinora.test', DetailType: 'Kept anyway', Detail: '{}' }]);
  await bus.whenIdle();
  const eventId = (out.Entries[0] as { EventId: string }).EventId;
  assert.equal(out.FailedEntryCount, 0);
  assert.equal(calls.length, 1);
  assert.deepEqual((await bus.listDeliveries({ eventId })).map((d) => d.status), ['SUCCEEDED']);
  assert.deepEqual(lines.filter((l) => l.msg === 'event not logged'), [{ msg: 'event not logged', eventId, source: 'kinora.test', detailType: 'Kept anyway', error: 'disk full' }]);
  assert.deepEqual(await logOf(store), []);
  await bus.close();
});

test('retention: pruned on the first logged event and every pruneEvery-th, keeping maxEvents and maxAgeSeconds', async () => {
  const store = new MemoryEventStore();
  const prunes: PruneEventsQuery[] = [];
  const prune = store.pruneEvents.bind(store);
  store.pruneEvents = async (query) => {
    prunes.push(query);
    return prune(query);
  };
  const { bus, clock } = newBus(store, { eventLog: { maxEvents: 3, maxAgeSeconds: 60, pruneEvery: 4 } });
  const emitAt = async (seconds: number) => {
    clock.ms = T0 + seconds * 1000;
    return (await bus.emit({ source: 'kinora.test', 'detail-type': `at ${seconds}`, detail: {} })).eventId;
  };
  for (const s of [0, 1, 2, 3]) await emitAt(s);
  assert.equal(prunes.length, 1, 'the first write prunes');
  assert.equal((await logOf(store)).length, 4, 'between prunes the log may run over maxEvents');
  await emitAt(4);
  assert.equal(prunes.length, 2, 'then every 4th');
  assert.deepEqual(prunes[1], { keep: 3, receivedBefore: new Date(T0 + 4000 - 60_000).toISOString() });
  assert.deepEqual((await logOf(store)).map((e) => e.event['detail-type']), ['at 4', 'at 3', 'at 2']);
  for (const s of [5, 6, 7]) await emitAt(s);
  assert.equal(prunes.length, 2);
  assert.equal((await logOf(store)).length, 6);
  await emitAt(100);
  assert.equal(prunes.length, 3);
  assert.deepEqual((await logOf(store)).map((e) => e.event['detail-type']), ['at 100'], 'of the newest 3, those older than 60 s are gone too');
  await bus.close();
});
