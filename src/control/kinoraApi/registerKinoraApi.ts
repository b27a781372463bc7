import type { FastifyInstance } from 'fastify';
import type { Catalog } from '../../catalog/Catalog.ts';
import type { ObjectStore } from '../../storage/ObjectStore.ts';
import type { Transcoder } from '../../transcode/createTranscoder.ts';
import type { EventBus } from '../../events/bus/EventBus.ts';
import type { SigV4Options } from '../../auth/verifySigV4.ts';
import { captureRawBodies } from '../../auth/rawBodyOf.ts';
import { verifyFastifySigV4 } from '../../auth/verifyFastifySigV4.ts';
import { kinoraErrorOf } from './kinoraErrorOf.ts';
import { sendJson } from './sendJson.ts';
import { registerBucketRoutes } from './registerBucketRoutes.ts';
import { registerUploadRoute } from './registerUploadRoute.ts';
import { registerAssetSourceRoute } from './registerAssetSourceRoute.ts';
import { registerTranscodeRoutes } from './registerTranscodeRoutes.ts';
import { registerEventRoutes } from './registerEventRoutes.ts';

export interface KinoraApiDeps {
  catalog: Pick<Catalog, 'getAsset' | 'getAssetIndex'>;
  /** The buckets: listings, uploads. */
  store: ObjectStore;
  transcoder: Pick<Transcoder, 'submit' | 'get' | 'list' | 'cancel'>;
  bus: Pick<EventBus, 'listEvents' | 'listDeliveries' | 'getDelivery' | 'listDeadLetters' | 'replayDeadLetter' | 'region' | 'accountId'>;
  /** Secret access key of an access key id (undefined: unknown key). */
  secretOf: SigV4Options['secretOf'];
  /** Where uploads are received before they are put into a bucket. */
  tempDir: string;
  /** Largest upload, in bytes; default 2 GiB. */
  uploadLimitBytes?: number;
  /** Largest JSON request body; default 1 MiB. */
  bodyLimit?: number;
  /** How long a replay request waits for its delivery to finish before answering 202; default 10 s. */
  replayWaitMs?: number;
  /** Clock for signature dates (tests). */
  now?: () => number;
  log?: (message: string, error?: unknown) => void;
}

/** The signing name of the Kinora API (the credential scope's service). */
export const KINORA_API_SERVICE = 'kinora';

/** Where the Kinora API lives. */
export const KINORA_API_PREFIX = '/kinora/v1';

export const DEFAULT_UPLOAD_LIMIT_BYTES = 2 * 1024 ** 3;

/**
 * Registers Kinora's own JSON API (docs/kinora-api.md) under `/kinora/v1`:
 * what the web console needs and no AWS API offers. Every request is
 * SigV4-signed for service `kinora` (any region) with the control-plane key,
 * or refused 403 before anything runs; JSON bodies are taken raw for the
 * payload hash, uploads are streamed (`verifySignedUpload`). Errors are
 * `{"code", "message"}` with the status of `errorStatus`; an unknown path
 * under the prefix is UNKNOWN_OPERATION (404).
 *
 * | route | what |
 * | --- | --- |
 * | GET `/buckets` | bucket names, and the upload limit |
 * | GET `/buckets/{bucket}/objects?prefix=&delimiter=/&maxKeys=&startAfter=` | folders and objects, a page at a time |
 * | PUT `/buckets/{bucket}/objects/{key}` | upload (streamed to a temp file, hash checked, then put) |
 * | GET `/assets/{id}/source` | the ingested source: tracks and per-segment durations and sizes |
 * | POST `/transcode/jobs`, GET `/transcode/jobs[?status=&limit=]` | start, list transcode jobs |
 * | GET `/transcode/jobs/{id}`, POST `/transcode/jobs/{id}/cancel` | one job; cancel it |
 * | GET `/events[?source=&detailType=&limit=&nextToken=]` | the event log: every event, newest first, with its deliveries' outcomes |
 * | GET `/events/deliveries[?rule=&status=&eventId=&limit=]` | event deliveries, newest first |
 * | GET `/events/dead-letters[?rule=&includeResolved=&limit=]`, POST `/events/dead-letters/{id}/replay` | dead letters; deliver one again |
 */
export function registerKinoraApi(app: FastifyInstance, deps: KinoraApiDeps): void {
  const log = deps.log ?? ((message, error) => console.error(message, error ?? ''));
  const sigV4: SigV4Options = { service: KINORA_API_SERVICE, secretOf: deps.secretOf, now: deps.now };
  app.register(
    async (api) => {
      api.setErrorHandler((error, request, reply) => {
        const answer = kinoraErrorOf(error);
        if (answer.internal) log(`${request.method} ${request.url} failed:`, error);
        // A refused upload's body is not read: close the connection rather than drain gigabytes.
        if (!request.raw.complete) reply.header('connection', 'close');
        return sendJson(reply, answer.status, { code: answer.code, message: answer.message });
      });
      api.setNotFoundHandler((request, reply) => sendJson(reply, 404, { code: 'UNKNOWN_OPERATION', message: `no Kinora API operation at ${request.method} ${request.url.split('?')[0]}` }));

      api.register(async (json) => {
        captureRawBodies(json, { bodyLimit: deps.bodyLimit ?? 1 << 20 });
        json.addHook('preHandler', async (request) => {
          await verifyFastifySigV4(request, sigV4);
        });
        registerBucketRoutes(json, { store: deps.store, uploadLimitBytes: deps.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES });
        registerAssetSourceRoute(json, { catalog: deps.catalog });
        registerTranscodeRoutes(json, { transcoder: deps.transcoder });
        registerEventRoutes(json, { bus: deps.bus, replayWaitMs: deps.replayWaitMs ?? 10_000 });
      });

      api.register(async (upload) => {
        registerUploadRoute(upload, { store: deps.store, tempDir: deps.tempDir, limitBytes: deps.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES, sigV4 });
      });
    },
    { prefix: KINORA_API_PREFIX },
  );
}
