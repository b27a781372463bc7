import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { KinoraError } from '../errors/KinoraError.ts';
import { captureRawBodies, rawBodyOf } from '../auth/rawBodyOf.ts';
import { verifyFastifySigV4 } from '../auth/verifyFastifySigV4.ts';
import type { SigV4Options } from '../auth/verifySigV4.ts';
import type { ListQuery, VodControlPlane } from './VodControlPlane.ts';
import { awsErrorOf } from './awsErrorOf.ts';

export interface MediaPackageVodApiDeps {
  control: VodControlPlane;
  /** Secret access key of an access key id (undefined: unknown key). */
  secretOf: SigV4Options['secretOf'];
  /** Largest accepted request body; default 1 MiB (MediaPackage requests are a few KB). */
  bodyLimit?: number;
  /** Clock for signature dates (tests). */
  now?: () => number;
  log?: (message: string, error?: unknown) => void;
}

/** The signing name of the MediaPackage VOD API (its model's `signingName`). */
export const MEDIAPACKAGE_VOD_SERVICE = 'mediapackage-vod';

/** Ids are up to 1024 characters; fastify's default `maxParamLength` (100) would refuse them. */
export const MIN_PARAM_LENGTH = 1024;

/**
 * Registers the MediaPackage VOD REST API (2018-11-07, `rest-json`) on `app`,
 * in an encapsulated scope so its rules stay its own (the instance must
 * allow `MIN_PARAM_LENGTH`-character path parameters): every request is
 * SigV4-signed for service `mediapackage-vod` (any region) or refused 403;
 * bodies are taken raw (for the payload hash) up to `bodyLimit`; errors
 * carry `x-amzn-ErrorType` and `{"message": ...}` so AWS SDKs raise their
 * modelled exceptions; every response has an `x-amzn-RequestId`.
 *
 * | operation | route | success |
 * | --- | --- | --- |
 * | CreatePackagingGroup / ListPackagingGroups | POST / GET `/packaging_groups` | 200 |
 * | DescribePackagingGroup / UpdatePackagingGroup / DeletePackagingGroup | GET / PUT / DELETE `/packaging_groups/{id}` | 200 / 200 / 202 |
 * | ConfigureLogs | PUT `/packaging_groups/{id}/configure_logs` | 200 |
 * | CreatePackagingConfiguration / ListPackagingConfigurations | POST / GET `/packaging_configurations` | 200 |
 * | DescribePackagingConfiguration / DeletePackagingConfiguration | GET / DELETE `/packaging_configurations/{id}` | 200 / 202 |
 * | CreateAsset / ListAssets | POST / GET `/assets` | 200 |
 * | DescribeAsset / DeleteAsset | GET / DELETE `/assets/{id}` | 200 / 202 |
 * | ListTagsForResource / TagResource / UntagResource | GET / POST / DELETE `/tags/{resource-arn}` | 200 / 204 / 204 |
 */
export function registerMediaPackageVodApi(app: FastifyInstance, deps: MediaPackageVodApiDeps): void {
  if ((app.initialConfig.routerOptions?.maxParamLength ?? app.initialConfig.maxParamLength ?? 100) < MIN_PARAM_LENGTH) {
    throw new Error(`the fastify instance needs maxParamLength >= ${MIN_PARAM_LENGTH} (ids are up to 1024 characters); create it with Fastify({ routerOptions: { maxParamLength: ${MIN_PARAM_LENGTH} } })`);
  }
  const c = deps.control;
  const log = deps.log ?? ((message, error) => console.error(message, error ?? ''));
  app.register(async (scope) => {
    captureRawBodies(scope, { bodyLimit: deps.bodyLimit ?? 1 << 20 });

    scope.addHook('onRequest', async (_request, reply) => {
      reply.header('x-amzn-RequestId', randomUUID());
    });
    scope.addHook('preHandler', async (request) => {
      await verifyFastifySigV4(request, { service: MEDIAPACKAGE_VOD_SERVICE, secretOf: deps.secretOf, now: deps.now });
    });
    scope.setErrorHandler((error, request, reply) => {
      const aws = awsErrorOf(error);
      if (aws.internal) log(`${request.method} ${request.url} failed:`, error);
      return reply.code(aws.status).header('x-amzn-ErrorType', aws.type).header('Content-Type', 'application/json').send(JSON.stringify({ message: aws.message }));
    });

    const json = (reply: FastifyReply, body: unknown) => reply.code(200).header('Content-Type', 'application/json').send(JSON.stringify(body));
    const id = (request: FastifyRequest) => (request.params as { id: string }).id;
    const query = (request: FastifyRequest) => request.query as ListQuery & { tagKeys?: string | string[] };

    scope.post('/packaging_groups', async (request, reply) => json(reply, await c.createPackagingGroup(bodyOf(request))));
    scope.get('/packaging_groups', async (request, reply) => json(reply, await c.listPackagingGroups(query(request))));
    scope.get('/packaging_groups/:id', async (request, reply) => json(reply, await c.describePackagingGroup(id(request))));
    scope.put('/packaging_groups/:id', async (request, reply) => json(reply, await c.updatePackagingGroup(id(request), bodyOf(request))));
    scope.delete('/packaging_groups/:id', async (request, reply) => {
      await c.deletePackagingGroup(id(request));
      return reply.code(202).send();
    });
    scope.put('/packaging_groups/:id/configure_logs', async (request, reply) => json(reply, await c.configureLogs(id(request), bodyOf(request))));

    scope.post('/packaging_configurations', async (request, reply) => json(reply, await c.createPackagingConfiguration(bodyOf(request))));
    scope.get('/packaging_configurations', async (request, reply) => json(reply, await c.listPackagingConfigurations(query(request))));
    scope.get('/packaging_configurations/:id', async (request, reply) => json(reply, await c.describePackagingConfiguration(id(request))));
    scope.delete('/packaging_configurations/:id', async (request, reply) => {
      await c.deletePackagingConfiguration(id(request));
      return reply.code(202).send();
    });

    scope.post('/assets', async (request, reply) => json(reply, await c.createAsset(bodyOf(request))));
    scope.get('/assets', async (request, reply) => json(reply, await c.listAssets(query(request))));
    scope.get('/assets/:id', async (request, reply) => json(reply, await c.describeAsset(id(request))));
    scope.delete('/assets/:id', async (request, reply) => {
      await c.deleteAsset(id(request));
      return reply.code(202).send();
    });

    scope.get('/tags/*', async (request, reply) => json(reply, await c.listTagsForResource(arnOf(request))));
    scope.post('/tags/*', async (request, reply) => {
      await c.tagResource(arnOf(request), bodyOf(request));
      return reply.code(204).send();
    });
    scope.delete('/tags/*', async (request, reply) => {
      await c.untagResource(arnOf(request), query(request).tagKeys);
      return reply.code(204).send();
    });

    // Another method on one of the API's paths is no operation of the model: AWS's
    // UnknownOperationException shape (404), not the web framework's own 404 body.
    for (const [url, methods] of Object.entries(OPERATION_METHODS)) {
      const others = ALL_METHODS.filter((m) => !methods.includes(m));
      scope.route({
        method: others,
        url,
        handler: async (request) => {
          throw new KinoraError('UNKNOWN_OPERATION', `${request.method} ${url.replace(':id', '{id}').replace('*', '{resource-arn}')} is not an operation of the MediaPackage VOD API (it takes ${methods.join(', ')})`);
        },
      });
    }
  });
}

const ALL_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;
/** The methods each path of the API takes (the table above). */
const OPERATION_METHODS: Record<string, readonly (typeof ALL_METHODS)[number][]> = {
  '/packaging_groups': ['GET', 'POST'],
  '/packaging_groups/:id': ['GET', 'PUT', 'DELETE'],
  '/packaging_groups/:id/configure_logs': ['PUT'],
  '/packaging_configurations': ['GET', 'POST'],
  '/packaging_configurations/:id': ['GET', 'DELETE'],
  '/assets': ['GET', 'POST'],
  '/assets/:id': ['GET', 'DELETE'],
  '/tags/*': ['GET', 'POST', 'DELETE'],
};

/** The request body as JSON (`{}` when empty); parsed only after the signature is checked. */
function bodyOf(request: FastifyRequest): unknown {
  const raw = rawBodyOf(request);
  if (raw.byteLength === 0) return {};
  try {
    return JSON.parse(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8'));
  } catch (e: any) {
    throw new KinoraError('INVALID_REQUEST', `the request body is not valid JSON: ${e.message}`);
  }
}

/** `{resource-arn}`, from the raw path (clients percent-encode its `:` and `/`). */
function arnOf(request: FastifyRequest): string {
  const raw = (request.raw.url ?? '').split('?')[0].slice('/tags/'.length);
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new KinoraError('RESOURCE_NOT_FOUND', `"${raw}" is not a percent-encoded ARN`);
  }
}
