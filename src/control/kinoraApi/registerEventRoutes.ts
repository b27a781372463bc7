import type { FastifyInstance } from 'fastify';
import type { EventBus } from '../../events/bus/EventBus.ts';
import type { DeliveryRecord, DeliveryStatus } from '../../events/store/records.ts';
import { DEFAULT_EVENT_BUS } from '../../events/rules/resolveEventBusName.ts';
import { ruleArn } from '../../events/rules/ruleArn.ts';
import { readBooleanParameter, readChoiceParameter, readIntegerParameter, readTextParameter } from './queryParameters.ts';
import { sendJson } from './sendJson.ts';
import { toEventLogView } from './toEventLogView.ts';

type Bus = Pick<EventBus, 'listEvents' | 'listDeliveries' | 'getDelivery' | 'listDeadLetters' | 'replayDeadLetter' | 'region' | 'accountId'>;

const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['PENDING', 'SUCCEEDED', 'FAILED', 'DUPLICATE'];

/** Events per page of `GET /events` unless `limit` says otherwise, and the most it may ask for. */
const EVENTS_PAGE = { default: 25, max: 100 };

/**
 * The event bus's logs, which EventBridge has no API for: `GET /events`
 * (the event log: every event that entered the bus, matched or not, each
 * with its deliveries' outcomes; a page at a time), `GET
 * /events/deliveries` (each delivery carries the event it delivered), `GET
 * /events/dead-letters`, and `POST /events/dead-letters/{id}/replay[?force=true]`.
 * Lists are newest first; `rule` is a rule name on the default bus or a
 * rule ARN.
 */
export function registerEventRoutes(scope: FastifyInstance, deps: { bus: Bus; replayWaitMs: number }): void {
  const { bus } = deps;
  const ruleArnOf = (query: unknown) => {
    const rule = readTextParameter(query, 'rule', 2048);
    return rule === undefined || rule.startsWith('arn:') ? rule : ruleArn(bus.region, bus.accountId, DEFAULT_EVENT_BUS, rule);
  };

  scope.get('/events', async (request, reply) => {
    const limit = readIntegerParameter(request.query, 'limit', { min: 1, max: EVENTS_PAGE.max }) ?? EVENTS_PAGE.default;
    const source = readTextParameter(request.query, 'source', 256);
    const detailType = readTextParameter(request.query, 'detailType', 256);
    const before = readTextParameter(request.query, 'nextToken', 64);
    const page = await bus.listEvents({ source, detailType, limit, before });
    // The page's deliveries in one read, by event id: replays of a dead letter join their event too.
    const deliveries = page.events.length ? await bus.listDeliveries({ eventIds: page.events.map((e) => e.event.id) }) : [];
    const byEvent = Map.groupBy(deliveries, (d) => d.eventId);
    return sendJson(reply, 200, { events: page.events.map((e) => toEventLogView(e, byEvent.get(e.event.id) ?? [])), ...(page.next ? { nextToken: page.next } : {}) });
  });

  scope.get('/events/deliveries', async (request, reply) => {
    const limit = readIntegerParameter(request.query, 'limit', { min: 1, max: 1000 }) ?? 100;
    const status = readChoiceParameter(request.query, 'status', DELIVERY_STATUSES);
    const eventId = readTextParameter(request.query, 'eventId', 256);
    // The store lists oldest first; the log shows the newest.
    const all = await bus.listDeliveries({ ruleArn: ruleArnOf(request.query), status, eventId });
    return sendJson(reply, 200, { deliveries: all.slice(-limit).reverse() });
  });

  scope.get('/events/dead-letters', async (request, reply) => {
    const limit = readIntegerParameter(request.query, 'limit', { min: 1, max: 1000 }) ?? 100;
    const includeResolved = readBooleanParameter(request.query, 'includeResolved') ?? false;
    const all = await bus.listDeadLetters({ ruleArn: ruleArnOf(request.query), includeResolved });
    return sendJson(reply, 200, { deadLetters: all.slice(-limit).reverse() });
  });

  scope.post('/events/dead-letters/:id/replay', async (request, reply) => {
    const id = (request.params as { id: string }).id;
    const force = readBooleanParameter(request.query, 'force') ?? false;
    // Refusals (no such dead letter: 404; already resolved without force: 422) come before any delivery starts.
    const replay = bus.replayDeadLetter(id, { force });
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, deps.replayWaitMs, undefined)));
    const done = await Promise.race([replay, waited]).finally(() => clearTimeout(timer));
    if (done) return sendJson(reply, 200, { delivery: done });
    // Still retrying: answer with the delivery as it is now; the log follows it.
    replay.catch(() => {});
    const dead = (await bus.listDeadLetters({ includeResolved: true })).find((d) => d.id === id);
    const delivery: DeliveryRecord | undefined = dead?.lastReplayDeliveryId ? await bus.getDelivery(dead.lastReplayDeliveryId) : undefined;
    return sendJson(reply, 202, { delivery });
  });
}
