import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { captureRawBodies, rawBodyOf } from '../../auth/rawBodyOf.ts';
import type { SigV4Options } from '../../auth/verifySigV4.ts';
import { verifyFastifySigV4 } from '../../auth/verifyFastifySigV4.ts';
import type { EventSink } from '../../control/events/EventSink.ts';
import { KinoraError } from '../../errors/KinoraError.ts';
import { errorStatus } from '../../errors/errorStatus.ts';
import { hexFromBytes } from '../../media/cenc/hexFromBytes.ts';
import type { ContentKeys } from '../ContentKeys.ts';
import type { KeyStore } from '../KeyStore.ts';
import { keyProviderNotifications } from '../keyProviderNotifications.ts';
import { answerCpixRequest } from './answerCpixRequest.ts';

/** SigV4 signing name of Kinora's SPEKE server. */
export const SPEKE_SIGNING_SERVICE = 'speke';
const USER_AGENT = 'Kinora built-in SPEKE server';
const BODY_LIMIT = 1 << 20;

export interface SpekeServerDeps {
  /** The content keys of the server: its key store keeps the SPEKE server's keys, and its key provider failures become events. Without it nothing is registered. */
  keys?: ContentKeys;
  /** Where KeyProviderError events go (the server's event sink). */
  events?: EventSink;
  /** Access keys allowed to call the SPEKE server (the control plane's). */
  secretOf: SigV4Options['secretOf'];
  /** The LA_URL of the PlayReady headers it answers; default `KINORA_PLAYREADY_LA_URL`. */
  playReadyLicenseUrl?: string;
  /** Clock for SigV4 dates (tests). */
  now?: () => number;
}

/**
 * Kinora's SPEKE-compatible key server on the app, backed by the built-in
 * key store, so that encryption works without a DRM vendor and any SPEKE
 * encryptor (Kinora's own SPEKE client included) can get keys from it:
 *
 * - `POST /speke/v1` (SPEKE v1, CPIX 2.0) and `POST /speke/v2` (SPEKE v2,
 *   CPIX 2.3; `X-Speke-Version` is echoed), answered by
 *   `answerCpixRequest`: one random key per content ID and key ID, made on
 *   first request and kept sealed in the key store
 *   (`speke-server/<content id>/<kid>`), so the same KID always gets the
 *   same key, across restarts. `Speke-User-Agent` / `X-Speke-User-Agent`
 *   name the server.
 * - **Authentication: AWS SigV4, signing name `speke`** (any region), with
 *   one of Kinora's access keys (`secretOf`, the control plane's): the
 *   same signature MediaPackage sends to an API Gateway key server, so
 *   SPEKE clients need nothing new; a bearer token would have been a
 *   second credential to issue and rotate. Unsigned or wrongly signed
 *   requests get 403.
 * - Errors: 422 with a text message for an invalid CPIX document (SPEKE's
 *   "client error"), 403 for authentication, 413 over 1 MiB.
 *
 * Also routes the content keys' provider failures to `events` as
 * MediaPackage's KeyProviderError events (`keyProviderNotifications`).
 */
export function registerSpekeServer(app: FastifyInstance, deps: SpekeServerDeps): void {
  const keys = deps.keys;
  if (!keys) return;
  if (deps.events) keys.onFailure(keyProviderNotifications(deps.events));
  const store = keys.store;
  if (!store) return;
  const playReadyLicenseUrl = deps.playReadyLicenseUrl ?? (process.env.KINORA_PLAYREADY_LA_URL || undefined);
  app.register(async (scope) => {
    captureRawBodies(scope, { bodyLimit: BODY_LIMIT });
    scope.setErrorHandler((error, _request, reply) => sendError(reply, error));
    for (const version of [1, 2] as const) {
      scope.post(`/speke/v${version}`, async (request, reply) => {
        await verifyFastifySigV4(request, { service: SPEKE_SIGNING_SERVICE, secretOf: deps.secretOf, now: deps.now });
        const text = readText(request);
        const body = await answerCpixRequest(text, { version, keyOf: (contentId, kid) => keyOf(store, contentId, kid), playReadyLicenseUrl });
        reply.code(200).header('content-type', 'application/xml').header('cache-control', 'no-store');
        if (version === 2) reply.header('x-speke-version', String(request.headers['x-speke-version'] ?? '2.0')).header('x-speke-user-agent', USER_AGENT);
        else reply.header('speke-user-agent', USER_AGENT);
        return reply.send(body);
      });
    }
  });
}

/** The key of a content ID and key ID: made once, then the stored one (first writer wins). */
async function keyOf(store: KeyStore, contentId: string, kid: Uint8Array): Promise<Uint8Array> {
  const name = `speke-server/${contentId}/${hexFromBytes(kid)}`;
  const stored = (await store.get(name)) ?? (await store.putIfAbsent(name, { kid, key: new Uint8Array(randomBytes(16)), iv: new Uint8Array(randomBytes(16)), createdAt: new Date().toISOString() }));
  if (hexFromBytes(stored.kid) !== hexFromBytes(kid)) throw new KinoraError('INTERNAL', `the key store holds another key ID under ${name}`);
  return stored.key;
}

function readText(request: FastifyRequest): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(rawBodyOf(request));
  } catch {
    throw new KinoraError('INVALID_REQUEST', 'the CPIX document is not UTF-8');
  }
}

function sendError(reply: FastifyReply, error: unknown): FastifyReply {
  const tooLarge = (error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE';
  const known = error instanceof KinoraError;
  const status = tooLarge ? 413 : known ? errorStatus[error.code] : 500;
  if (!known && !tooLarge) console.error(error);
  const message = tooLarge ? `the CPIX document is over ${BODY_LIMIT} bytes` : known ? error.message : 'internal error; see the server log';
  return reply.code(status).header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'no-store').send(message);
}
