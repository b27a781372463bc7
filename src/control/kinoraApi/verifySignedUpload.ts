import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { KinoraError } from '../../errors/KinoraError.ts';
import { canonicalRequestOf } from '../../auth/canonicalRequestOf.ts';
import { verifySigV4, type SigV4Identity, type SigV4Options } from '../../auth/verifySigV4.ts';

/** A verified upload: who signed, and the SHA-256 (hex) its body must have. */
export interface SignedUpload extends SigV4Identity {
  payloadHash: string;
}

/**
 * SigV4 (`AWS4-HMAC-SHA256`) for a request whose body is streamed rather
 * than held in memory (an upload of up to gigabytes), checked from the
 * headers alone before any body byte is read: an unsigned or wrongly signed
 * upload is refused without receiving it.
 *
 * The signature covers the payload hash the client declares in
 * `x-amz-content-sha256`, which is therefore required here, signed, and 64
 * hex digits (S3's rule for the same situation; `UNSIGNED-PAYLOAD` and the
 * chunked `STREAMING-*` forms are refused). The caller hashes the body as it
 * streams and must refuse it (FORBIDDEN) unless the hash equals
 * `payloadHash`, before using any byte of it.
 *
 * Every other check is `verifySigV4`'s own, with its messages: it runs on
 * the headers without the declared hash and an empty body, and checks the
 * scope, date, skew, signed host and key, in that order, before it builds
 * the canonical request, which then fails on the missing signed header. That
 * failure, and only it, means every check before it passed; the signature
 * is then computed here over the declared hash. (The upload tests in
 * test/integration/kinoraApi.test.ts hold this: expired, foreign-service and
 * unknown-key uploads are refused. `verifySigV4` taking a precomputed
 * payload hash would make this file a few lines.)
 */
export async function verifySignedUpload(request: FastifyRequest, options: SigV4Options): Promise<SignedUpload> {
  const headers = headersOf(request);
  const declared = headers['x-amz-content-sha256'];
  if (headers.authorization === undefined) return refuseUnsigned(request, headers, options);
  if (declared === undefined) throw new KinoraError('FORBIDDEN', 'an upload must carry x-amz-content-sha256, the SHA-256 of its body in hex, among its signed headers');
  if (!/^[0-9a-f]{64}$/.test(declared)) throw new KinoraError('FORBIDDEN', `x-amz-content-sha256 "${declared}" is not accepted for an upload: the payload must be signed (64 lowercase hex digits)`);
  const signedHeaders = /SignedHeaders=([^,\s]+)/.exec(headers.authorization)?.[1]?.split(';') ?? [];
  if (!signedHeaders.includes('x-amz-content-sha256')) throw new KinoraError('FORBIDDEN', "'x-amz-content-sha256' must be a 'SignedHeader' of an upload");

  const withoutDeclared = { ...headers };
  delete withoutDeclared['x-amz-content-sha256'];
  try {
    await verifySigV4({ method: request.method, url: request.raw.url ?? request.url, headers: withoutDeclared }, options);
  } catch (e) {
    if (!(e instanceof KinoraError && e.code === 'FORBIDDEN' && e.message === PRECHECKS_PASSED)) throw e;
    return { ...(await checkSignature(request, headers, signedHeaders, declared, options)), payloadHash: declared };
  }
  throw new KinoraError('INTERNAL', 'upload signature check: verifySigV4 accepted a request without its signed x-amz-content-sha256');
}

/** What `canonicalRequestOf` says when the signed `x-amz-content-sha256` is not there: reached only after every other check. */
const PRECHECKS_PASSED = 'the signed header "x-amz-content-sha256" is not in the request';

/** No Authorization: `verifySigV4`'s own refusal (it names presigned URLs too). */
async function refuseUnsigned(request: FastifyRequest, headers: Record<string, string>, options: SigV4Options): Promise<never> {
  await verifySigV4({ method: request.method, url: request.raw.url ?? request.url, headers }, options);
  throw new KinoraError('FORBIDDEN', 'the upload is not signed');
}

/** The signature over the declared payload hash (AWS General Reference, "Signature Version 4 signing process"). */
async function checkSignature(request: FastifyRequest, headers: Record<string, string>, signedHeaders: string[], payloadHash: string, options: SigV4Options): Promise<SigV4Identity> {
  const authorization = headers.authorization!;
  const credential = /Credential=([^,\s]+)/.exec(authorization)![1];
  const signature = /Signature=([0-9a-f]{64})/.exec(authorization)![1];
  const [accessKeyId, scopeDate, region, service] = credential.split('/');
  const secret = await options.secretOf(accessKeyId);
  if (secret === undefined) throw new KinoraError('FORBIDDEN', `The security token included in the request is invalid: unknown access key id ${accessKeyId}`);
  const longDate = headers['x-amz-date'] ?? new Date(Date.parse(headers.date)).toISOString().replace(/[-:]|\.\d{3}/g, '');
  const canonicalRequest = canonicalRequestOf({ method: request.method, url: request.raw.url ?? request.url, headers, signedHeaders, payloadHash });
  const scope = `${scopeDate}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', longDate, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  let key: Buffer = createHmac('sha256', `AWS4${secret}`).update(scopeDate).digest();
  for (const part of [region, service, 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  const expected = createHmac('sha256', key).update(stringToSign).digest();
  const given = Buffer.from(signature, 'hex');
  if (given.byteLength !== expected.byteLength || !timingSafeEqual(given, expected)) {
    throw new KinoraError(
      'FORBIDDEN',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.\n' +
        `The Canonical String for this request should have been\n'${canonicalRequest}'\n\nThe String-to-Sign should have been\n'${stringToSign}'`,
    );
  }
  return { accessKeyId, region, service };
}

/** Lowercase header names; repeated headers joined with `,` (from `rawHeaders`, as `verifyFastifySigV4` reads them). */
function headersOf(request: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = request.raw.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    out[name] = out[name] === undefined ? raw[i + 1] : `${out[name]},${raw[i + 1]}`;
  }
  return out;
}
