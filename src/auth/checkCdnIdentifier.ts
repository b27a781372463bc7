import { timingSafeEqual } from 'node:crypto';
import { KinoraError } from '../errors/KinoraError.ts';
import type { CdnAuthorization } from '../catalog/records.ts';
import type { SecretStore } from './SecretStore.ts';

/**
 * MediaPackage CDN authorization [UG:cdn-auth]: a request to a group with
 * `authorization` must carry `X-MediaPackage-CDNIdentifier` equal to the
 * secret's value, else 403. The secret (`kinora secret put`) holds either
 * the identifier itself or Secrets Manager's JSON form
 * `{"MediaPackageCDNIdentifier":"<value>"}`. A missing secret refuses every
 * request (fails closed). Throws a FORBIDDEN `KinoraError`.
 */
export async function checkCdnIdentifier(authorization: CdnAuthorization, header: string | string[] | undefined, secrets: Pick<SecretStore, 'get'> | undefined): Promise<void> {
  const given = Array.isArray(header) ? header[0] : header;
  if (!given) throw new KinoraError('FORBIDDEN', 'this packaging group requires CDN authorization: the X-MediaPackage-CDNIdentifier header is missing');
  const stored = secrets ? await secrets.get(authorization.cdnIdentifierSecret) : undefined;
  if (stored === undefined) throw new KinoraError('FORBIDDEN', `CDN authorization secret ${authorization.cdnIdentifierSecret} is not set (kinora secret put <arn> <value>)`);
  const expected = Buffer.from(identifierOf(stored));
  const actual = Buffer.from(given);
  if (expected.byteLength !== actual.byteLength || !timingSafeEqual(expected, actual)) {
    throw new KinoraError('FORBIDDEN', 'the X-MediaPackage-CDNIdentifier header does not match this packaging group\'s CDN identifier');
  }
}

function identifierOf(secret: string): string {
  if (!secret.trimStart().startsWith('{')) return secret;
  try {
    const parsed = JSON.parse(secret);
    if (typeof parsed?.MediaPackageCDNIdentifier === 'string') return parsed.MediaPackageCDNIdentifier;
  } catch {
    // not JSON after all: the raw value is the identifier
  }
  return secret;
}
