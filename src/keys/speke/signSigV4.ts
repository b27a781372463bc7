import { createHash, createHmac } from 'node:crypto';
import { canonicalRequestOf } from '../../auth/canonicalRequestOf.ts';
import type { SigningIdentity } from './SigningIdentity.ts';

/**
 * Signs an HTTP request with AWS Signature Version 4 (AWS General Reference,
 * "Signature Version 4 signing process"; `AWS4-HMAC-SHA256`): the canonical
 * request is built by the very function Kinora's verifier uses
 * (`canonicalRequestOf`), over `host`, `x-amz-date`, `x-amz-content-sha256`
 * (the body's SHA-256), `x-amz-security-token` for temporary credentials,
 * and every header given. Returns the headers to send besides those given
 * (`host` is sent by the HTTP client from the URL, and signed as it).
 */
export function signSigV4(
  request: { method: string; url: string; headers: Record<string, string>; body: Uint8Array },
  identity: SigningIdentity,
  nowMs: number = Date.now(),
): Record<string, string> {
  const url = new URL(request.url);
  const amzDate = new Date(nowMs).toISOString().replace(/[-:]|\.\d{3}/g, '');
  const day = amzDate.slice(0, 8);
  const payloadHash = createHash('sha256').update(request.body).digest('hex');
  const added: Record<string, string> = { 'x-amz-date': amzDate, 'x-amz-content-sha256': payloadHash };
  if (identity.sessionToken) added['x-amz-security-token'] = identity.sessionToken;
  const headers: Record<string, string> = { host: url.host };
  for (const [name, value] of Object.entries({ ...request.headers, ...added })) headers[name.toLowerCase()] = value;
  const signedHeaders = Object.keys(headers).sort();
  const canonical = canonicalRequestOf({ method: request.method, url: `${url.pathname}${url.search}`, headers, signedHeaders, payloadHash });
  const scope = `${day}/${identity.region}/${identity.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
  let key: Buffer = createHmac('sha256', `AWS4${identity.secretAccessKey}`).update(day).digest();
  for (const part of [identity.region, identity.service, 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  return {
    ...added,
    authorization: `AWS4-HMAC-SHA256 Credential=${identity.accessKeyId}/${scope}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`,
  };
}
