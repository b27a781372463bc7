import type { FastifyInstance } from 'fastify';

/** Name of the route constraint on the service part of `X-Amz-Target` (`AWSEvents` in `AWSEvents.PutRule`). */
export const AMZ_TARGET_SERVICE = 'amzTargetService';

/**
 * Adds (once per server) a fastify route constraint on the service prefix of
 * the `X-Amz-Target` header. AWS JSON protocol services all POST to `/`; with
 * this constraint several of them, and an unconstrained `POST /`, can share
 * one server: `{ constraints: { amzTargetService: 'AWSEvents' } }` only takes
 * requests whose target starts with `AWSEvents.`.
 */
export function ensureAmzTargetConstraint(app: FastifyInstance): void {
  if (app.hasConstraintStrategy(AMZ_TARGET_SERVICE)) return;
  app.addConstraintStrategy({
    name: AMZ_TARGET_SERVICE,
    mustMatchWhenDerived: false,
    storage() {
      const handlers = new Map<unknown, never>();
      return {
        get: (service: unknown) => handlers.get(service) ?? null,
        set: (service: unknown, handler: never) => void handlers.set(service, handler),
      };
    },
    deriveConstraint(request) {
      const target = request.headers['x-amz-target'];
      if (typeof target !== 'string') return undefined as unknown as string;
      const dot = target.indexOf('.');
      return dot > 0 ? target.slice(0, dot) : target;
    },
  });
}
