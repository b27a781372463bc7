import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EventBus } from '../bus/EventBus.ts';
import { EventBridgeError } from '../EventBridgeError.ts';
import { eventBridgeOperations } from './eventBridgeOperations.ts';
import { AMZ_TARGET_SERVICE, ensureAmzTargetConstraint } from './amzTargetConstraint.ts';

export interface EventBridgeApiDeps {
  bus: EventBus;
  /**
   * Checks the caller (e.g. SigV4) before any action runs; throw to refuse.
   * `request.body` is then the raw request text. A thrown `EventBridgeError`
   * is answered as is; another error is answered with its `awsErrorType` (or
   * a `code` ending in `Exception`, else `AccessDeniedException`) and its
   * `statusCode` (default 403).
   */
  authenticate?: (request: FastifyRequest) => void | Promise<void>;
  /** Largest request body accepted, in bytes (default 4 MiB; PutEvents' own limit of 256 KB of entries is checked separately). */
  bodyLimit?: number;
}

const SERVICE = 'AWSEvents';
const CONTENT_TYPE = 'application/x-amz-json-1.1';
const DEFAULT_BODY_LIMIT = 4 * 1024 * 1024;
const authenticationFailed = Symbol('authenticationFailed');

/**
 * The EventBridge JSON API on a fastify app (AWS JSON 1.1 protocol):
 * `POST /` with `X-Amz-Target: AWSEvents.<Action>` and an
 * `application/x-amz-json-1.1` body; errors are `{"__type", "message"}` with
 * EventBridge's status. Only requests whose `X-Amz-Target` starts with
 * `AWSEvents.` reach these routes, so the app may serve other things on
 * `POST /`. Registered as an encapsulated plugin (its body parser, hooks and
 * error handler do not leak), ready once the app is.
 */
export function registerEventBridgeApi(app: FastifyInstance, deps: EventBridgeApiDeps): void {
  ensureAmzTargetConstraint(app);
  const bodyLimit = deps.bodyLimit ?? DEFAULT_BODY_LIMIT;
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (_request, body, done) => done(null, body));
    scope.setErrorHandler((error, request, reply) => sendError(request, reply, toEventBridgeError(error, request)));
    if (deps.authenticate) {
      const authenticate = deps.authenticate;
      scope.addHook('preHandler', async (request) => {
        try {
          await authenticate(request);
        } catch (e) {
          if (e !== null && typeof e === 'object') (e as Record<symbol, boolean>)[authenticationFailed] = true;
          throw e;
        }
      });
    }
    scope.post('/', { constraints: { [AMZ_TARGET_SERVICE]: SERVICE }, bodyLimit }, async (request, reply) => {
      const target = String(request.headers['x-amz-target']);
      const name = target.slice(SERVICE.length + 1);
      const operation = Object.hasOwn(eventBridgeOperations, name) ? eventBridgeOperations[name] : undefined;
      if (!operation) throw new EventBridgeError('UnknownOperationException', `Unknown operation: ${target}`);
      const output = await operation(deps.bus, readBody(request.body));
      return reply.code(200).header('content-type', CONTENT_TYPE).header('x-amzn-requestid', requestId(request)).send(Buffer.from(JSON.stringify(output)));
    });
  });
}

function readBody(body: unknown): unknown {
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    throw new EventBridgeError('SerializationException', 'The request body is not valid JSON.');
  }
}

function toEventBridgeError(thrown: unknown, request: FastifyRequest): EventBridgeError {
  if (thrown instanceof EventBridgeError) return thrown;
  const error = (thrown !== null && typeof thrown === 'object' ? thrown : new Error(String(thrown))) as FastifyError & Record<PropertyKey, unknown>;
  if (error[authenticationFailed]) {
    const type = typeof error.awsErrorType === 'string' ? error.awsErrorType : /Exception$/.test(String(error.code)) ? String(error.code) : 'AccessDeniedException';
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 403;
    return new EventBridgeError(type, error.message, status);
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new EventBridgeError('ValidationException', 'Total size of the entries in the request is over the limit.', 413);
  }
  if (typeof error.code === 'string' && error.code.startsWith('FST_ERR_CTP_')) return new EventBridgeError('SerializationException', error.message);
  request.log.error({ err: error }, 'EventBridge API: unexpected error');
  return new EventBridgeError('InternalException', 'An internal error occurred.');
}

function sendError(request: FastifyRequest, reply: FastifyReply, error: EventBridgeError) {
  return reply
    .code(error.statusCode)
    .header('content-type', CONTENT_TYPE)
    .header('x-amzn-requestid', requestId(request))
    .header('x-amzn-errortype', error.type)
    .send(Buffer.from(JSON.stringify({ __type: error.type, message: error.message })));
}

const requestIds = new WeakMap<FastifyRequest, string>();
function requestId(request: FastifyRequest): string {
  let id = requestIds.get(request);
  if (!id) {
    id = randomUUID();
    requestIds.set(request, id);
  }
  return id;
}
