import { KinoraError } from '../errors/KinoraError.ts';
import { escapeUri } from './escapeUri.ts';

/**
 * The SigV4 canonical request, built from what came over the wire
 * (AWS General Reference, "Create a canonical request for Signature
 * Version 4"), for every service except S3:
 *
 * - path: the raw path with `.`/`..`/empty segments removed, then
 *   URI-encoded *again* (clients sign the already-encoded path, so
 *   `/tags/arn%3Aaws...` is canonically `/tags/arn%253Aaws...`);
 * - query: each name and value decoded, re-encoded (RFC 3986 unreserved
 *   characters only), sorted by name then value, `X-Amz-Signature` left out;
 * - headers: the signed ones, lowercase, values trimmed and inner runs of
 *   spaces collapsed, repeated headers joined with `,`.
 *
 * Throws FORBIDDEN when the query cannot be decoded or a signed header is absent.
 */
export function canonicalRequestOf(request: { method: string; url: string; headers: Record<string, string>; signedHeaders: string[]; payloadHash: string }): string {
  const q = request.url.indexOf('?');
  const rawPath = q < 0 ? request.url : request.url.slice(0, q);
  const rawQuery = q < 0 ? '' : request.url.slice(q + 1);
  const lines = request.signedHeaders.map((name) => {
    const value = request.headers[name];
    if (value === undefined) throw new KinoraError('FORBIDDEN', `the signed header "${name}" is not in the request`);
    return `${name}:${value.replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').trim()}`;
  });
  return [request.method.toUpperCase(), canonicalPath(rawPath), canonicalQuery(rawQuery), `${lines.join('\n')}\n`, request.signedHeaders.join(';'), request.payloadHash].join('\n');
}

function canonicalPath(rawPath: string): string {
  const segments: string[] = [];
  for (const s of rawPath.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') segments.pop();
    else segments.push(s);
  }
  const normalised = `/${segments.join('/')}${segments.length > 0 && rawPath.endsWith('/') ? '/' : ''}`;
  return escapeUri(normalised).replace(/%2F/g, '/');
}

function canonicalQuery(rawQuery: string): string {
  const byName = new Map<string, string[]>();
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decode(eq < 0 ? part : part.slice(0, eq));
    if (name.toLowerCase() === 'x-amz-signature') continue;
    const value = eq < 0 ? '' : decode(part.slice(eq + 1));
    const key = escapeUri(name);
    byName.set(key, [...(byName.get(key) ?? []), `${key}=${escapeUri(value)}`]);
  }
  return [...byName.keys()].sort().flatMap((k) => byName.get(k)!.sort()).join('&');
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new KinoraError('FORBIDDEN', `the query string part "${s}" is not valid percent-encoding`);
  }
}

