/**
 * verifyFastifySigV4 in a fastify scope, both ways another API may keep its
 * bodies unparsed: raw bytes (`captureRawBodies`, the MediaPackage API) and
 * strings (`parseAs: 'string'`, the EventBridge API).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { verifyFastifySigV4 } from '../../../src/auth/verifyFastifySigV4.ts';
import { captureRawBodies } from '../../../src/auth/rawBodyOf.ts';

const key = { accessKeyId: 'AKIDFASTIFY', secretAccessKey: 'fastify-secret' };

function app(bodies: 'raw' | 'string'): FastifyInstance {
  const app = Fastify({ logger: false });
  app.register(async (scope) => {
    if (bodies === 'raw') captureRawBodies(scope, { bodyLimit: 1 << 20 });
    else {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'string' }, (_r, body, done) => done(null, body));
    }
    scope.addHook('preHandler', async (request) => {
      await verifyFastifySigV4(request, { service: 'events', secretOf: (id) => (id === key.accessKeyId ? key.secretAccessKey : undefined) });
    });
    scope.setErrorHandler((error, _request, reply) => reply.code(403).send({ message: (error as Error).message }));
    scope.post('/', async () => ({ ok: true }));
    scope.get('/things/*', async () => ({ ok: true }));
  });
  return app;
}

async function signed(method: string, path: string, query: Record<string, string | string[]>, body?: string) {
  const signer = new SignatureV4({ credentials: key, region: 'eu-west-3', service: 'events', sha256: Sha256 });
  const headers: Record<string, string> = { host: 'localhost:80', 'x-amz-target': 'AWSEvents.PutEvents', 'x-amz-meta-a': 'one' };
  if (body !== undefined) Object.assign(headers, { 'content-type': 'application/x-amz-json-1.1', 'content-length': String(Buffer.byteLength(body)) });
  const r = await signer.sign({ method, protocol: 'http:', hostname: 'localhost', port: 80, path, query, headers, body });
  return r.headers;
}

for (const bodies of ['raw', 'string'] as const) {
  test(`${bodies} bodies: signed requests pass, a changed body or path is refused`, async () => {
    const a = app(bodies);
    const body = JSON.stringify({ Entries: [{ Source: 'kinora', DetailType: 'Test', Detail: '{"é":"ü"}' }] });
    const headers = await signed('POST', '/', {}, body);
    assert.equal((await a.inject({ method: 'POST', url: '/', headers, payload: body })).statusCode, 200);
    const tampered = await a.inject({ method: 'POST', url: '/', headers, payload: body.replace('Test', 'Tset') });
    assert.equal(tampered.statusCode, 403);
    assert.match(tampered.json().message, /x-amz-content-sha256/);
    const getHeaders = await signed('GET', '/things/a%3Ab%2Fc', { k: ['2', '1'] });
    assert.equal((await a.inject({ method: 'GET', url: '/things/a%3Ab%2Fc?k=2&k=1', headers: getHeaders })).statusCode, 200);
    assert.equal((await a.inject({ method: 'GET', url: '/things/a%3Ab%2Fd?k=2&k=1', headers: getHeaders })).statusCode, 403);
    await a.close();
  });
}
