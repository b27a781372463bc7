import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { KinoraError } from '../errors/KinoraError.ts';
import { canonicalRequestOf } from './canonicalRequestOf.ts';

/** A request as received: method, raw request target, headers (any case; repeated ones as arrays), body bytes. */
export interface SignedRequest {
  method: string;
  /** Path and query exactly as sent (`request.raw.url`), never decoded. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body?: Uint8Array;
  /**
   * The body's SHA-256 (hex) when the body is not at hand (a streamed upload:
   * the client's signed `x-amz-content-sha256`); the caller then checks the
   * body against it as it arrives. Else the hash of `body`.
   */
  payloadHash?: string;
}

export interface SigV4Options {
  /** The signing name the credential scope must carry (`mediapackage-vod`, `events`). */
  service: string;
  /** Secret access key of an access key id, or undefined when the id is unknown. */
  secretOf(accessKeyId: string): string | undefined | Promise<string | undefined>;
  /** Clock (tests); defaults to `Date.now`. */
  now?: () => number;
  /** Accepted difference between the request's date and the clock; default 300 s. */
  maxSkewSeconds?: number;
}

/** Who signed, and for which scope. */
export interface SigV4Identity {
  accessKeyId: string;
  region: string;
  service: string;
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/**
 * Verifies an AWS Signature Version 4 `Authorization` header
 * (`AWS4-HMAC-SHA256`, AWS General Reference "Signature Version 4 signing
 * process"): the credential scope (`<key>/<yyyymmdd>/<any region>/<service>/aws4_request`),
 * the request date (`X-Amz-Date`, else `Date`) within the allowed skew and
 * matching the scope's day, `host` among the signed headers, the payload
 * hash (`X-Amz-Content-Sha256` when sent must equal the body's SHA-256;
 * `UNSIGNED-PAYLOAD` is refused) and finally the signature itself,
 * compared in constant time. Any failure is a FORBIDDEN `KinoraError`
 * whose message says which check failed, as AWS's own messages do.
 */
export async function verifySigV4(request: SignedRequest, options: SigV4Options): Promise<SigV4Identity> {
  const headers = normaliseHeaders(request.headers);
  const authorization = headers.authorization;
  if (!authorization) {
    if (/[?&]X-Amz-Signature=/i.test(request.url)) throw new KinoraError('FORBIDDEN', 'presigned (query-string) signatures are not accepted here; sign the Authorization header');
    throw new KinoraError('FORBIDDEN', 'Missing Authentication Token: the request has no Authorization header (sign it with AWS Signature Version 4)');
  }
  const parsed = parseAuthorization(authorization);
  const [accessKeyId, scopeDate, region, service, terminator] = parsed.credential.split('/');
  if (!accessKeyId || !scopeDate || !region || !service || !terminator || parsed.credential.split('/').length !== 5) {
    throw new KinoraError('FORBIDDEN', `Credential "${parsed.credential}" is not <access key id>/<yyyymmdd>/<region>/<service>/aws4_request`);
  }
  if (service !== options.service) throw new KinoraError('FORBIDDEN', `Credential should be scoped to correct service: '${options.service}' (found '${service}')`);
  if (terminator !== 'aws4_request') throw new KinoraError('FORBIDDEN', `Credential should be scoped with a valid terminator: 'aws4_request' (found '${terminator}')`);

  const signedHeaders = parsed.signedHeaders.split(';');
  if (!signedHeaders.includes('host')) throw new KinoraError('FORBIDDEN', "'Host' must be a 'SignedHeader' in the AWS Authorization");
  const amzDate = headers['x-amz-date'];
  if (amzDate !== undefined && !signedHeaders.includes('x-amz-date')) throw new KinoraError('FORBIDDEN', "'X-Amz-Date' must be a 'SignedHeader' when it is sent");
  const requestTime = parseRequestDate(amzDate, headers.date);
  const longDate = new Date(requestTime).toISOString().replace(/[-:]|\.\d{3}/g, '');
  if (longDate.slice(0, 8) !== scopeDate) {
    throw new KinoraError('FORBIDDEN', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${longDate.slice(0, 8)}'`);
  }
  const now = (options.now ?? Date.now)();
  const skew = (options.maxSkewSeconds ?? 300) * 1000;
  if (requestTime < now - skew) throw new KinoraError('FORBIDDEN', `Signature expired: ${longDate} is now earlier than ${compact(now - skew)} (${compact(now)} - ${skew / 60000} min.)`);
  if (requestTime > now + skew) throw new KinoraError('FORBIDDEN', `Signature not yet current: ${longDate} is still later than ${compact(now + skew)} (${compact(now)} + ${skew / 60000} min.)`);

  const secret = await options.secretOf(accessKeyId);
  if (secret === undefined) throw new KinoraError('FORBIDDEN', `The security token included in the request is invalid: unknown access key id ${accessKeyId}`);

  const body = request.body ?? new Uint8Array(0);
  const payloadHash = request.payloadHash ?? (body.byteLength === 0 ? EMPTY_SHA256 : createHash('sha256').update(body).digest('hex'));
  const declared = headers['x-amz-content-sha256'];
  if (declared !== undefined && declared !== payloadHash) {
    if (declared === 'UNSIGNED-PAYLOAD' || declared.startsWith('STREAMING-')) throw new KinoraError('FORBIDDEN', `x-amz-content-sha256 "${declared}" is not accepted: the payload must be signed`);
    throw new KinoraError('FORBIDDEN', "The provided 'x-amz-content-sha256' header does not match what was computed");
  }

  const canonicalRequest = canonicalRequestOf({ method: request.method, url: request.url, headers, signedHeaders, payloadHash });
  const scope = `${scopeDate}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', longDate, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  let key: Buffer = createHmac('sha256', `AWS4${secret}`).update(scopeDate).digest();
  for (const part of [region, service, 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  const expected = createHmac('sha256', key).update(stringToSign).digest();
  const given = Buffer.from(parsed.signature, 'hex');
  if (given.byteLength !== expected.byteLength || !timingSafeEqual(given, expected)) {
    throw new KinoraError(
      'FORBIDDEN',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.\n' +
        `The Canonical String for this request should have been\n'${canonicalRequest}'\n\nThe String-to-Sign should have been\n'${stringToSign}'`,
    );
  }
  return { accessKeyId, region, service };
}

function normaliseHeaders(headers: SignedRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return out;
}

function parseAuthorization(header: string): { credential: string; signedHeaders: string; signature: string } {
  const m = /^AWS4-HMAC-SHA256\s+(.*)$/s.exec(header.trim());
  if (!m) throw new KinoraError('FORBIDDEN', `Authorization header "${header.split(' ')[0]}..." is not AWS4-HMAC-SHA256`);
  const params: Record<string, string> = {};
  for (const part of m[1].split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) params[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  for (const name of ['Credential', 'SignedHeaders', 'Signature']) {
    if (!params[name]) throw new KinoraError('FORBIDDEN', `Authorization header requires '${name}' parameter`);
  }
  if (!/^[0-9a-f]{64}$/.test(params.Signature)) throw new KinoraError('FORBIDDEN', 'Authorization header Signature is not 64 lowercase hex digits');
  if (!/^[a-z0-9-]+(;[a-z0-9-]+)*$/.test(params.SignedHeaders)) throw new KinoraError('FORBIDDEN', `SignedHeaders "${params.SignedHeaders}" is not a ;-separated list of lowercase header names`);
  return { credential: params.Credential, signedHeaders: params.SignedHeaders, signature: params.Signature };
}

/** `X-Amz-Date` (ISO 8601 basic, `20150830T123600Z`), else the HTTP `Date` header. */
function parseRequestDate(amzDate: string | undefined, httpDate: string | undefined): number {
  if (amzDate !== undefined) {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
    if (!m) throw new KinoraError('FORBIDDEN', `X-Amz-Date "${amzDate}" is not in the form yyyyMMddTHHmmssZ`);
    return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  }
  if (httpDate !== undefined) {
    const t = Date.parse(httpDate);
    if (Number.isNaN(t)) throw new KinoraError('FORBIDDEN', `Date header "${httpDate}" is not an HTTP date`);
    return t;
  }
  throw new KinoraError('FORBIDDEN', 'Authorization header requires existence of either a \'X-Amz-Date\' or a \'Date\' header');
}

function compact(t: number): string {
  return new Date(t).toISOString().replace(/[-:]|\.\d{3}/g, '');
}
