/**
 * SigV4 verification against requests signed by the AWS SDK's own signer
 * (@smithy/signature-v4), in the style of the AWS SigV4 test suite: each
 * vector is a request plus the credentials and clock it was signed with;
 * the verifier must accept it as signed and refuse any single change.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { verifySigV4, type SignedRequest } from '../../../src/auth/verifySigV4.ts';
import { KinoraError } from '../../../src/errors/KinoraError.ts';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const signedAt = Date.UTC(2015, 7, 30, 12, 36, 0);
const secretOf = (id: string) => (id === credentials.accessKeyId ? credentials.secretAccessKey : undefined);
const options = { service: 'mediapackage-vod', secretOf, now: () => signedAt };

interface Vector {
  name: string;
  method: string;
  path: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: string;
}

/** Requests as the SDK builds them: path already percent-encoded, query as a map. */
const vectors: Vector[] = [
  { name: 'get-vanilla', method: 'GET', path: '/packaging_groups' },
  { name: 'get-query-paging', method: 'GET', path: '/assets', query: { maxResults: '2', nextToken: 'azE6YWJj', packagingGroupId: 'g_1' } },
  { name: 'delete-repeated-query-keys', method: 'DELETE', path: '/tags/arn%3Aaws%3Amediapackage-vod%3Aus-east-1%3A000000000000%3Aassets%2Fa1', query: { tagKeys: ['b', 'a', 'c d'] } },
  { name: 'get-query-special-characters', method: 'GET', path: '/assets', query: { packagingGroupId: "a b+c/d*e!f'(g)~h" } },
  { name: 'post-json-body', method: 'POST', path: '/packaging_groups', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'g1', tags: { k: 'v ü' } }) },
  { name: 'put-header-value-whitespace', method: 'PUT', path: '/packaging_groups/g1', headers: { 'content-type': 'application/json', 'x-amz-meta-odd': '  a   b\tc  ' }, body: '{}' },
  { name: 'get-dot-segments', method: 'GET', path: '/packaging_groups/./g1/../g2' },
];

async function sign(v: Vector, opts: { secret?: string; service?: string; date?: number; region?: string; applyChecksum?: boolean } = {}): Promise<SignedRequest> {
  const signer = new SignatureV4({
    credentials: { ...credentials, secretAccessKey: opts.secret ?? credentials.secretAccessKey },
    region: opts.region ?? 'us-east-1',
    service: opts.service ?? 'mediapackage-vod',
    sha256: Sha256,
    applyChecksum: opts.applyChecksum ?? true,
  });
  const headers: Record<string, string> = { host: 'kinora.example:8080', ...v.headers };
  if (v.body !== undefined) headers['content-length'] = String(Buffer.byteLength(v.body));
  const signed = await signer.sign({ method: v.method, protocol: 'http:', hostname: 'kinora.example', port: 8080, path: v.path, query: v.query ?? {}, headers, body: v.body }, { signingDate: new Date(opts.date ?? signedAt) });
  return { method: signed.method, url: v.path + queryString(v.query), headers: signed.headers, body: v.body === undefined ? undefined : Buffer.from(v.body) };
}

/** The query string as the SDK's HTTP handler writes it (RFC 3986 escaping, repeated keys). */
function queryString(query: Vector['query']): string {
  if (!query) return '';
  const esc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const parts = Object.entries(query).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${esc(k)}=${esc(x)}`));
  return parts.length ? `?${parts.join('&')}` : '';
}

async function refused(request: SignedRequest, message: RegExp, opts: Partial<typeof options> = {}) {
  await assert.rejects(verifySigV4(request, { ...options, ...opts }), (e: unknown) => {
    assert.ok(e instanceof KinoraError, String(e));
    assert.equal(e.code, 'FORBIDDEN');
    assert.match(e.message, message);
    return true;
  });
}

describe('verifySigV4: requests signed by @smithy/signature-v4', () => {
  for (const v of vectors) {
    test(`${v.name}: accepted as signed`, async () => {
      const identity = await verifySigV4(await sign(v), options);
      assert.deepEqual(identity, { accessKeyId: 'AKIDEXAMPLE', region: 'us-east-1', service: 'mediapackage-vod' });
    });
  }

  test('any region is accepted, and reported', async () => {
    assert.equal((await verifySigV4(await sign(vectors[0], { region: 'ap-southeast-2' }), options)).region, 'ap-southeast-2');
  });

  test('the AWS SigV4 test suite vector get-vanilla (service "service") verifies', async () => {
    const request: SignedRequest = {
      method: 'GET',
      url: '/',
      headers: {
        Host: 'example.amazonaws.com',
        'X-Amz-Date': '20150830T123600Z',
        Authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
      },
    };
    assert.equal((await verifySigV4(request, { ...options, service: 'service' })).accessKeyId, 'AKIDEXAMPLE');
  });
});

describe('verifySigV4: every change to a signed request is refused', () => {
  const mismatch = /signature we calculated does not match/;

  test('method', async () => {
    const r = await sign(vectors[4]);
    await refused({ ...r, method: 'PUT' }, mismatch);
  });
  test('path', async () => {
    const r = await sign(vectors[0]);
    await refused({ ...r, url: '/assets' }, mismatch);
  });
  test('query value', async () => {
    const r = await sign(vectors[1]);
    await refused({ ...r, url: r.url.replace('maxResults=2', 'maxResults=3') }, mismatch);
  });
  test('a query parameter added', async () => {
    const r = await sign(vectors[1]);
    await refused({ ...r, url: `${r.url}&extra=1` }, mismatch);
  });
  test('a signed header value', async () => {
    const r = await sign(vectors[5]);
    await refused({ ...r, headers: { ...r.headers, 'x-amz-meta-odd': 'a b d' } }, mismatch);
  });
  test('a signed header removed', async () => {
    const r = await sign(vectors[5]);
    const headers = { ...r.headers };
    delete headers['x-amz-meta-odd'];
    await refused({ ...r, headers }, /signed header "x-amz-meta-odd" is not in the request/);
  });
  test('the body (tampered payload, same x-amz-content-sha256)', async () => {
    const r = await sign(vectors[4]);
    await refused({ ...r, body: Buffer.from(JSON.stringify({ id: 'g2' })) }, /x-amz-content-sha256' header does not match/);
  });
  test('the body and its hash header together', async () => {
    const r = await sign(vectors[4]);
    const body = Buffer.from(JSON.stringify({ id: 'g2' }));
    const { createHash } = await import('node:crypto');
    await refused({ ...r, body, headers: { ...r.headers, 'x-amz-content-sha256': createHash('sha256').update(body).digest('hex') } }, mismatch);
  });
  test('the body, when no hash header was sent (the signature covers the body\'s hash)', async () => {
    const r = await sign(vectors[4], { applyChecksum: false });
    assert.equal(r.headers['x-amz-content-sha256'], undefined);
    await verifySigV4(r, options);
    await refused({ ...r, body: Buffer.from('{"id":"g3"}') }, mismatch);
  });
});

describe('verifySigV4: credentials, scope and clock', () => {
  test('unsigned request', async () => {
    await refused({ method: 'GET', url: '/packaging_groups', headers: { host: 'kinora.example:8080' } }, /Missing Authentication Token/);
  });
  test('wrong secret', async () => {
    await refused(await sign(vectors[0], { secret: 'not-the-secret' }), /signature we calculated does not match/);
  });
  test('unknown access key id', async () => {
    await refused(await sign(vectors[0]), /unknown access key id AKIDEXAMPLE/, { secretOf: () => undefined });
  });
  test('credential scoped to another service', async () => {
    await refused(await sign(vectors[0], { service: 'mediapackage' }), /scoped to correct service: 'mediapackage-vod'/);
  });
  test('signed more than 5 minutes ago (and 4 minutes is fine)', async () => {
    await verifySigV4(await sign(vectors[0], { date: signedAt - 4 * 60_000 }), options);
    await refused(await sign(vectors[0], { date: signedAt - 6 * 60_000 }), /Signature expired/);
  });
  test('signed more than 5 minutes in the future', async () => {
    await refused(await sign(vectors[0], { date: signedAt + 6 * 60_000 }), /Signature not yet current/);
  });
  test('scope date differs from X-Amz-Date', async () => {
    const r = await sign(vectors[0]);
    const auth = String(r.headers.authorization).replace('/20150830/', '/20150831/');
    await refused({ ...r, headers: { ...r.headers, authorization: auth } }, /Date in Credential scope does not match/);
  });
  test('host not among the signed headers', async () => {
    const r = await sign(vectors[0]);
    const auth = String(r.headers.authorization).replace(/SignedHeaders=[^,]+/, 'SignedHeaders=x-amz-date');
    await refused({ ...r, headers: { ...r.headers, authorization: auth } }, /'Host' must be a 'SignedHeader'/);
  });
  test('UNSIGNED-PAYLOAD', async () => {
    const r = await sign({ ...vectors[4], headers: { ...vectors[4].headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    await refused(r, /payload must be signed/);
  });
  test('malformed Authorization header', async () => {
    await refused({ method: 'GET', url: '/', headers: { host: 'h', authorization: 'AWS4-HMAC-SHA256 Credential=a/b/c/d/aws4_request' } }, /requires 'SignedHeaders' parameter/);
    await refused({ method: 'GET', url: '/', headers: { host: 'h', authorization: 'Basic dXNlcjpwYXNz' } }, /is not AWS4-HMAC-SHA256/);
  });
  test('presigned query-string signatures are not accepted', async () => {
    await refused({ method: 'GET', url: '/assets?X-Amz-Signature=abc', headers: { host: 'h' } }, /presigned/);
  });
});
