/**
 * AWS Signature Version 4 (`AWS4-HMAC-SHA256`) for the browser, on WebCrypto
 * (AWS General Reference, "Signature Version 4 signing process"). It signs
 * what the console sends, which is all a small signer needs to handle: a
 * method, an absolute URL (path already percent-encoded, as a `fetch` sends
 * it), a few headers and a UTF-8 body. The canonical form follows
 * `@smithy/signature-v4`, which the AWS SDKs use and which Kinora's verifier
 * (src/auth/canonicalRequestOf.ts, which this signer calls) builds: the path is normalised and
 * encoded once more, the query is decoded and re-encoded (RFC 3986) and
 * sorted, and `x-amz-content-sha256` carries the payload hash (smithy's
 * default `applyChecksum`). test/unit/console/signRequest.test.ts compares
 * its output with smithy's for the same request and clock.
 *
 * No `node:` imports and no DOM types: it runs in the console and in Node's
 * unit tests alike (both have `crypto.subtle` and `TextEncoder`).
 */
import { canonicalRequestOf } from '../../../src/auth/canonicalRequestOf.ts';

export { escapeUri } from '../../../src/auth/escapeUri.ts';

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface RequestToSign {
  method: string;
  /** Absolute URL; `host` is signed from it (a browser sends that host itself). */
  url: string;
  /** Headers to send and sign (any case). Never `host`, `authorization` or `x-amz-date`. */
  headers?: Record<string, string>;
  body?: string;
  /**
   * SHA-256 of the body in hex, when the body is not a string to hash here
   * (an upload of a `File`, hashed slice by slice with `Sha256`).
   */
  payloadHash?: string;
  /** Signing name: `mediapackage-vod`, `events`, `kinora`. */
  service: string;
  region: string;
  credentials: SigningCredentials;
  /** Signing time; default now. */
  date?: Date;
}

const encoder = new TextEncoder();

/**
 * The headers to send with the request (lowercase names): the given ones
 * plus `x-amz-date`, `x-amz-content-sha256` and `authorization`. `host` is
 * signed but not returned, because browsers refuse to set it.
 */
export async function signRequest(request: RequestToSign): Promise<Record<string, string>> {
  const url = new URL(request.url);
  const date = request.date ?? new Date();
  const longDate = date.toISOString().replace(/[-:]|\.\d{3}/g, '');
  const shortDate = longDate.slice(0, 8);
  const payloadHash = request.payloadHash ?? hex(await crypto.subtle.digest('SHA-256', encoder.encode(request.body ?? '')));

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  headers['x-amz-date'] = longDate;
  headers['x-amz-content-sha256'] = payloadHash;
  const signing: Record<string, string> = { ...headers, host: url.host };
  const signedNames = Object.keys(signing).sort();
  // The very canonical form Kinora's verifier rebuilds (one implementation for both ends).
  const canonicalRequest = canonicalRequestOf({ method: request.method, url: url.pathname + url.search, headers: signing, signedHeaders: signedNames, payloadHash });
  const scope = `${shortDate}/${request.region}/${request.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', longDate, scope, hex(await crypto.subtle.digest('SHA-256', encoder.encode(canonicalRequest)))].join('\n');

  let key: ArrayBuffer = await hmac(encoder.encode(`AWS4${request.credentials.secretAccessKey}`), shortDate);
  for (const part of [request.region, request.service, 'aws4_request']) key = await hmac(key, part);
  const signature = hex(await hmac(key, stringToSign));

  headers.authorization = `AWS4-HMAC-SHA256 Credential=${request.credentials.accessKeyId}/${scope}, SignedHeaders=${signedNames.join(';')}, Signature=${signature}`;
  return headers;
}

async function hmac(key: ArrayBuffer | Uint8Array<ArrayBuffer>, data: string): Promise<ArrayBuffer> {
  const cryptoKey = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(data));
}

function hex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
