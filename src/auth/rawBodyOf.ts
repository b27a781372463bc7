import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Makes every body in `scope` (an encapsulated fastify context) arrive as
 * its raw bytes, whatever its content type, up to `bodyLimit` bytes: SigV4
 * hashes the payload exactly as sent, so nothing may parse it first. Routes
 * parse JSON themselves, after authentication. Bodies over the limit fail
 * with fastify's `FST_ERR_CTP_BODY_TOO_LARGE` (status 413).
 */
export function captureRawBodies(scope: FastifyInstance, options: { bodyLimit: number }): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: options.bodyLimit }, (_request, body, done) => done(null, body));
}

/**
 * The body bytes as received: those captured by `captureRawBodies`, or a
 * body a scope parsed `as: 'string'` encoded back to UTF-8 (exact for valid
 * UTF-8; invalid bytes would not hash the same, so such a request is refused,
 * never wrongly accepted). Empty when the request had no body.
 */
export function rawBodyOf(request: FastifyRequest): Uint8Array {
  if (request.body instanceof Uint8Array) return request.body;
  if (typeof request.body === 'string') return Buffer.from(request.body, 'utf8');
  return new Uint8Array(0);
}
