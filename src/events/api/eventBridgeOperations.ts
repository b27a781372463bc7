import type { EventBus } from '../bus/EventBus.ts';
import { MemberReader } from '../MemberReader.ts';

/** An EventBridge action: the request's JSON members in, the response's out. */
export type EventBridgeOperation = (bus: EventBus, input: unknown) => Promise<unknown>;

/**
 * The EventBridge actions Kinora answers (API version 2015-10-07), by the
 * name that follows `AWSEvents.` in `X-Amz-Target`.
 */
export const eventBridgeOperations: Record<string, EventBridgeOperation> = {
  PutEvents: async (bus, input) => {
    const r = new MemberReader(input);
    r.string('EndpointId', { min: 1, max: 50, pattern: '[A-Za-z0-9\\-]+[\\.][A-Za-z0-9\\-]+' });
    r.done();
    return bus.putEvents((input as Record<string, unknown>).Entries ?? undefined);
  },
  PutRule: (bus, input) => bus.rules.putRule(input),
  DescribeRule: (bus, input) => bus.rules.describeRule(input),
  ListRules: (bus, input) => bus.rules.listRules(input),
  DeleteRule: (bus, input) => bus.rules.deleteRule(input),
  PutTargets: (bus, input) => bus.rules.putTargets(input),
  RemoveTargets: (bus, input) => bus.rules.removeTargets(input),
  ListTargetsByRule: (bus, input) => bus.rules.listTargetsByRule(input),
};
