import type { FastifyRequest } from 'fastify';
import { verifySigV4, type SigV4Identity, type SigV4Options } from './verifySigV4.ts';
import { rawBodyOf } from './rawBodyOf.ts';

/**
 * SigV4 verification of a fastify request, for any AWS-shaped API Kinora
 * serves (MediaPackage VOD here; EventBridge and MediaTailor reuse it with
 * their own `service`), called from a `preHandler` hook. The route's scope
 * must keep bodies unparsed: raw bytes (`captureRawBodies`) or a string
 * (`parseAs: 'string'`), see `rawBodyOf`. Headers are taken from
 * `rawHeaders` so repeated headers keep every value. Throws a FORBIDDEN
 * `KinoraError` (HTTP 403; AWS names it ForbiddenException or AccessDeniedException by service).
 */
export function verifyFastifySigV4(request: FastifyRequest, options: SigV4Options): Promise<SigV4Identity> {
  const headers: Record<string, string | string[]> = {};
  const raw = request.raw.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    const previous = headers[name];
    headers[name] = previous === undefined ? raw[i + 1] : [...(Array.isArray(previous) ? previous : [previous]), raw[i + 1]];
  }
  return verifySigV4({ method: request.method, url: request.raw.url ?? request.url, headers, body: rawBodyOf(request) }, options);
}
