import type { FastifyInstance } from 'fastify';
import type { EventBus } from '../../events/bus/EventBus.ts';
import type { DeliveryRecord, DeliveryStatus } from '../../events/store/records.ts';
import { DEFAULT_EVENT_BUS } from '../../events/rules/resolveEventBusName.ts';
import { ruleArn } from '../../events/rules/ruleArn.ts';
import { readBooleanParameter, readChoiceParameter, readIntegerParameter, readTextParameter } from './queryParameters.ts';
import { sendJson } from './sendJson.ts';

type Bus = Pick<EventBus, 'listDeliveries' | 'getDelivery' | 'listDeadLetters' | 'replayDeadLetter' | 'region' | 'accountId'>;

const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['PENDING', 'SUCCEEDED', 'FAILED', 'DUPLICATE'];

/**
 * The event bus's delivery log, which EventBridge has no API for:
 * `GET /events/deliveries` (each delivery carries the event it delivered:
 * the store keeps events only as deliveries, so an event that matched no
 * rule is not recorded anywhere), `GET /events/dead-letters`, and `POST
 * /events/dead-letters/{id}/replay[?force=true]`. Lists are newest first;
 * `rule` is a rule name on the default bus or a rule ARN.
 */
export function registerEventRoutes(scope: FastifyInstance, deps: { bus: Bus; replayWaitMs: number }): void {
  const { bus } = deps;
  const ruleArnOf = (query: unknown) => {
    const rule = readTextParameter(query, 'rule', 2048);
    return rule === undefined || rule.startsWith('arn:') ? rule : ruleArn(bus.region, bus.accountId, DEFAULT_EVENT_BUS, rule);
  };

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
