import { createHash } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import { KinoraError } from '../errors/KinoraError.ts';
import { MediaError } from '../media/errors/MediaError.ts';
import { errorStatus } from '../errors/errorStatus.ts';
import type { Catalog } from '../catalog/Catalog.ts';
import type { Packager } from './Packager.ts';
import { matchRequestKind, outputOf, type Answer } from './requestKinds.ts';
import { parseEgressPath } from './parseEgressPath.ts';
import type { PackagingGroupRecord } from '../catalog/records.ts';
import { ARN_ACCOUNT } from '../catalog/arns.ts';
import { EgressResolver } from './EgressResolver.ts';
import { LruCache } from './LruCache.ts';
import { parseRange } from './parseRange.ts';
import { readClipQuery } from '../media/select/readClipQuery.ts';
import { planClip } from '../media/select/planClip.ts';
import { checkCdnIdentifier } from '../auth/checkCdnIdentifier.ts';
import type { SecretStore } from '../auth/SecretStore.ts';
import type { ContentKeys } from '../keys/ContentKeys.ts';

const MANIFEST_FILTER_KEY = 'aws.manifestfilter';
/** MediaPackage's default egress log group [UG:access-logging]. */
const DEFAULT_EGRESS_LOG_GROUP = '/aws/MediaPackage/EgressAccessLogs';
/** `clip/<start ms>-<end ms>/` before a resource path (see docs/manifest-filtering.md, "Clipping"). */
const CLIP_PREFIX = /^clip\/([0-9]{1,10})-([0-9]{1,10})\//;

/** Bumped whenever packaged bytes for the same asset and configuration change (invalidates ETags). */
export const PACKAGER_VERSION = 'k1';

export interface OriginDeps {
  catalog: Catalog;
  packager: Packager;
  /** Hash -> record lookups; defaults to a cached resolver over `catalog`. */
  resolver?: EgressResolver;
  /** Receives one JSON access-log line per request; defaults to stdout. */
  accessLog?: (line: Record<string, unknown>) => void;
  /**
   * Receives MediaPackage-shaped egress access-log lines of groups whose
   * `egressAccessLogs` is set (configure_logs), with the log group's name
   * (default `/aws/MediaPackage/EgressAccessLogs`). Unset: no per-group logs.
   */
  egressAccessLogs?: (logGroupName: string, line: Record<string, unknown>) => void;
  /** Secrets of groups with CDN authorization; without it such groups refuse every request (403). */
  cdnSecrets?: Pick<SecretStore, 'get'>;
  /** Content keys of encrypted configurations (built-in key store, SPEKE later); without it encrypted configurations fail with KEY_PROVIDER_ERROR. */
  keys?: ContentKeys;
}

/** ClearKey license requests are small JSON documents. */
const LICENSE_BODY_LIMIT = 64 * 1024;

/**
 * The origin as a fastify app, without `listen()` (tests use `inject()`).
 * `GET|HEAD /out/v1/<group hash>/<config hash>/<asset hash>/<path>`, and
 * `POST` for the request kinds that take a body (the ClearKey license).
 */
export function buildOriginApp(deps: OriginDeps, app: FastifyInstance = Fastify({ logger: false })): FastifyInstance {
  const resolver = deps.resolver ?? new EgressResolver(deps.catalog);
  // Manifests and init segments are pure functions of immutable inputs: answer each once.
  const answers = new LruCache<Promise<Answer>>(4096);
  const accessLog = deps.accessLog ?? ((line) => process.stdout.write(`${JSON.stringify(line)}\n`));

  app.addHook('onRequest', async (request, reply) => {
    (request as any).kinora = { started: performance.now() };
    reply.header('Access-Control-Allow-Origin', '*');
    reply.header('Access-Control-Expose-Headers', 'Content-Length, Content-Range, ETag, Accept-Ranges');
  });

  app.addHook('onResponse', async (request, reply) => {
    if (!request.url.startsWith('/out/')) return;
    const k = (request as any).kinora ?? {};
    accessLog({
      timestamp: new Date().toISOString(),
      requestId: request.id,
      clientIp: request.ip,
      method: request.method,
      request: request.url,
      statusCode: reply.statusCode,
      sentBytes: Number(reply.getHeader('content-length') ?? 0),
      processingTime: Math.round((performance.now() - (k.started ?? performance.now())) * 1000) / 1000,
      userAgent: request.headers['user-agent'],
      kind: k.kind,
      assetId: k.assetId,
      errorCode: k.errorCode,
    });
    // MediaPackage's egress access logs, per packaging group, once configure_logs turned them on.
    const group = k.group as PackagingGroupRecord | undefined;
    if (group?.egressAccessLogs && deps.egressAccessLogs) {
      deps.egressAccessLogs(group.egressAccessLogs.logGroupName ?? DEFAULT_EGRESS_LOG_GROUP, {
        timestamp: new Date().toISOString(),
        clientIp: request.ip,
        processingTime: Math.round(performance.now() - (k.started ?? performance.now())) / 1000,
        statusCode: reply.statusCode,
        receivedBytes: Number(request.headers['content-length'] ?? 0) + (request.raw.url?.length ?? 0),
        sentBytes: Number(reply.getHeader('content-length') ?? 0),
        method: request.method,
        request: `${request.protocol}://${request.hostname}${request.url}`,
        protocol: `HTTP/${request.raw.httpVersion}`,
        userAgent: request.headers['user-agent'] ?? '-',
        account: ARN_ACCOUNT,
        domainName: request.hostname,
        requestId: request.id,
        packagingGroupId: group.id,
        packagingGroupArn: group.arn,
        packagingConfigurationId: k.configuration?.id,
        packagingConfigurationArn: k.configuration?.arn,
        assetId: k.asset?.id,
        assetArn: k.asset?.arn,
      });
    }
  });

  app.options('/out/*', async (_request, reply) => {
    reply
      .header('Access-Control-Allow-Methods', 'GET, HEAD, POST, OPTIONS')
      .header('Access-Control-Allow-Headers', 'Range, If-None-Match, Content-Type')
      .header('Access-Control-Max-Age', '86400')
      .code(204)
      .send();
  });

  app.get('/out/*', async (request, reply) => {
    try {
      return await serve({ ...deps, resolver, answers }, request, reply);
    } catch (e) {
      return sendError(request, reply, e);
    }
  });

  // POST bodies (ClearKey license requests) are taken raw whatever their content type, in a scope
  // of their own so the control plane's body parsers are untouched.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: LICENSE_BODY_LIMIT }, (_request, body, done) => done(null, body));
    scope.post('/out/*', async (request, reply) => {
      try {
        return await serve({ ...deps, resolver, answers }, request, reply);
      } catch (e) {
        return sendError(request, reply, e);
      }
    });
  });

  return app;
}

async function serve(deps: OriginDeps & { resolver: EgressResolver; answers: LruCache<Promise<Answer>> }, request: FastifyRequest, reply: FastifyReply) {
  const egress = parseEgressPath(request.raw.url ?? '');
  const { group, configuration, asset } = await deps.resolver.resolve(egress);
  Object.assign((request as any).kinora, { assetId: asset.id, group, configuration, asset });
  // MediaPackage CDN authorization [UG:cdn-auth]: checked before anything about the asset is revealed.
  if (group.authorization) await checkCdnIdentifier(group.authorization, request.headers['x-mediapackage-cdnidentifier'], deps.cdnSecrets);
  if (asset.status !== 'PLAYABLE') throw new KinoraError('ASSET_NOT_READY', `asset ${asset.id} is ${asset.status}${asset.statusReason ? `: ${asset.statusReason}` : ''}`, { subject: asset.id });

  // A clip is a path prefix, so every relative child of a clipped manifest is clipped too.
  const clipped = CLIP_PREFIX.exec(egress.path);
  const clip = clipped ? { startSeconds: Number(clipped[1]) / 1000, endSeconds: Number(clipped[2]) / 1000 } : undefined;
  if (clipped) egress.path = egress.path.slice(clipped[0].length);
  const found = matchRequestKind(egress.path, configuration);
  if (!found) throw new KinoraError('UNKNOWN_RESOURCE', `"${egress.path}" is not a resource of asset ${asset.id} under configuration ${configuration.id}`, { subject: asset.id });
  (request as any).kinora.kind = found.kind.name;
  if ((found.kind.method ?? 'GET') !== (request.method === 'POST' ? 'POST' : 'GET')) {
    throw new KinoraError('UNKNOWN_RESOURCE', `${request.method} is not how a ${found.kind.name} is requested ("${egress.path}")`, { subject: asset.id });
  }

  // Manifest filtering applies to manifests only; MediaPackage refuses it on children and segments (400).
  const query = new URLSearchParams((request.raw.url ?? '').split('?')[1] ?? '');
  const filter = query.getAll(MANIFEST_FILTER_KEY);
  const clipQuery = readClipQuery({ start: query.getAll('start'), end: query.getAll('end') });
  if ((filter.length > 0 || clipQuery) && !found.kind.filterable) {
    throw new KinoraError('QUERY_NOT_ALLOWED', `${filter.length > 0 ? MANIFEST_FILTER_KEY : 'start/end'} applies to manifests, not to a ${found.kind.name} ("${egress.path}")`, { subject: asset.id });
  }
  if (clipQuery) {
    // `?start=&end=` on a manifest: redirect to the clip's own path (validated first, so a bad range is a 400 here).
    const { presentation } = await deps.packager.plan(asset, outputOf(configuration).segmentDurationSeconds);
    planClip(presentation, clipQuery);
    const ms = (s: number | undefined, fallback: number) => Math.round((s ?? fallback) * 1000);
    const rest = new URLSearchParams(query);
    rest.delete('start');
    rest.delete('end');
    const base = (request.raw.url ?? '').split('?')[0].slice(0, -(clipped ? clipped[0].length + egress.path.length : egress.path.length));
    const target = `${base}clip/${ms(clipQuery.startSeconds, 0)}-${ms(clipQuery.endSeconds, presentation.durationSeconds)}/${egress.path}${rest.size > 0 ? `?${rest}` : ''}`;
    return reply.code(302).header('Location', target).header('Cache-Control', 'public, max-age=300').send();
  }
  const cacheKey = `${asset.hash}/${configuration.hash}/${clipped?.[0] ?? ''}${egress.path}${filter.length > 0 ? `?${MANIFEST_FILTER_KEY}=${filter.join('&')}` : ''}`;
  // Output bytes are a pure function of the immutable asset, the immutable configuration,
  // the path and the packager version, so the ETag is derived from those, not from the bytes.
  const etag = `"${PACKAGER_VERSION}-${createHash('sha1').update(cacheKey).digest('hex').slice(0, 24)}"`;
  // Answer first: a 304 must never vouch for a resource that does not exist.
  const context = {
    packager: deps.packager,
    asset,
    configuration,
    output: { ...outputOf(configuration), clip },
    match: found.match,
    cacheKey,
    manifestFilter: filter,
    keys: deps.keys,
    query,
    requestUrl: `${request.protocol}://${request.host}${request.raw.url ?? ''}`,
    body: Buffer.isBuffer(request.body) ? new Uint8Array(request.body) : undefined,
  };
  let answer: Answer;
  if (found.kind.memoize) {
    let memo = deps.answers.get(cacheKey);
    if (!memo) {
      memo = found.kind.answer(context);
      deps.answers.set(cacheKey, memo);
      // Answers that carry key tokens or the request's host are made per request.
      memo.then((a) => a.perRequest && deps.answers.delete(cacheKey), () => deps.answers.delete(cacheKey));
    }
    answer = await memo;
  } else {
    answer = await found.kind.answer(context);
  }
  if (!answer.perRequest && matchesIfNoneMatch(request.headers['if-none-match'], etag)) {
    return reply.code(304).header('ETag', etag).header('Cache-Control', `public, max-age=${answer.maxAgeSeconds}`).send();
  }

  reply.header('Content-Type', answer.contentType);
  reply.header('Cache-Control', answer.cacheControl ?? `public, max-age=${answer.maxAgeSeconds}${answer.maxAgeSeconds > 86400 ? ', immutable' : ''}`);
  // A per-request answer (fresh key tokens) must not be revalidated into an old copy.
  if (!answer.perRequest) reply.header('ETag', etag);
  if (!answer.ranges) {
    reply.header('Vary', 'Accept-Encoding');
    return reply.send(compressManifest(answer.body, request.headers['accept-encoding'], reply));
  }
  const body = typeof answer.body === 'string' ? Buffer.from(answer.body) : answer.body;
  reply.header('Accept-Ranges', 'bytes');
  const range = parseRange(request.headers.range, body.byteLength);
  if (range === 'unsatisfiable') {
    reply.header('Content-Range', `bytes */${body.byteLength}`);
    throw new KinoraError('RANGE_NOT_SATISFIABLE', `range "${request.headers.range}" is outside the ${body.byteLength}-byte ${found.kind.name} of asset ${asset.id}`, { subject: asset.id });
  }
  if (range) {
    reply.code(206).header('Content-Range', `bytes ${range.start}-${range.end - 1}/${body.byteLength}`);
    return reply.send(Buffer.from(body.buffer, body.byteOffset + range.start, range.end - range.start));
  }
  return reply.send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
}

function sendError(request: FastifyRequest, reply: FastifyReply, e: unknown) {
  const known = e instanceof KinoraError || e instanceof MediaError;
  const code = known ? e.code : 'INTERNAL';
  const status = errorStatus[code] ?? 500;
  (request as any).kinora.errorCode = code;
  if (!known) console.error(e);
  const message = known ? e.message : 'internal error; see the server log';
  return reply
    .code(status)
    .header('Content-Type', 'application/json; charset=utf-8')
    .header('Cache-Control', 'no-store')
    .send(JSON.stringify({ code, message, subject: known ? e.subject : undefined }));
}

/** Manifests are small text: compress per response (br, else gzip) above 1 KB; segments are never compressed. */
function compressManifest(body: string | Uint8Array, acceptEncoding: string | undefined, reply: FastifyReply): Buffer {
  const raw = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (raw.byteLength < 1024 || !acceptEncoding) return raw;
  if (/\bbr\b/.test(acceptEncoding)) {
    reply.header('Content-Encoding', 'br');
    return brotliCompressSync(raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: 4, [zlib.BROTLI_PARAM_SIZE_HINT]: raw.byteLength } });
  }
  if (/\bgzip\b/.test(acceptEncoding)) {
    reply.header('Content-Encoding', 'gzip');
    return gzipSync(raw, { level: 5 });
  }
  return raw;
}

/** RFC 9110 13.1.2: `*` or a comma-separated list of (possibly weak) entity tags. */
function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}
