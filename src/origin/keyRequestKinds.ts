import { KinoraError } from '../errors/KinoraError.ts';
import { planEncryption, type EncryptionPlan, type PlannedKey } from '../packaging/planEncryption.ts';
import type { RequestContext, RequestKind } from './requestKinds.ts';

/** Keys are secrets: no shared cache keeps them, whatever the token's lifetime. */
const PRIVATE = 'private, no-store';

/**
 * The encryption plan of a key request: 404 when the configuration is clear
 * or none of `kidsHex` is one of its keys; 403 unless the query's `token`
 * was minted for `subject(plan)` (a key ID, or every key ID of the plan for
 * the ClearKey license) and has not expired.
 */
async function authorisedPlan(ctx: RequestContext, kidsHex: readonly string[], subject: (plan: EncryptionPlan) => string): Promise<{ plan: EncryptionPlan; keys: PlannedKey[] }> {
  const { asset, configuration, output, keys } = ctx;
  const plan = await planEncryption({ keys, asset, configuration, encryption: output.encryption });
  if (!plan || !keys) throw new KinoraError('UNKNOWN_RESOURCE', `configuration ${configuration.id} is not encrypted: it has no keys`, { subject: asset.id });
  const asked = new Set(kidsHex.map((kid) => kid.toLowerCase()));
  const found = plan.keys.filter((k) => asked.has(k.kidHex));
  if (found.length === 0) throw new KinoraError('UNKNOWN_RESOURCE', `asset ${asset.id} under configuration ${configuration.id} has no key ${kidsHex.join(', ')}`, { subject: asset.id });
  if (!keys.tokens.verify(subject(plan), ctx.query?.get('token') ?? undefined, Math.floor(Date.now() / 1000))) {
    throw new KinoraError('FORBIDDEN', `key ${found.map((k) => k.kidHex).join(', ')} needs the valid, unexpired token its manifest gives (token=...)`, { subject: asset.id });
  }
  return { plan, keys: found };
}

function fromBase64Url(text: unknown): Uint8Array | undefined {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]+={0,2}$/.test(text)) return undefined;
  return new Uint8Array(Buffer.from(text, 'base64url'));
}

/**
 * Key delivery for the built-in key store:
 * - `key/<kid hex>.key?token=...`: the 16 raw key bytes, as the `EXT-X-KEY`
 *   URI of HLS AES-128 and of CMAF `identity` (SAMPLE-AES) fetches them
 *   (RFC 8216 5.2);
 * - `POST license/clearkey?token=...`: a W3C EME ClearKey license (W3C
 *   Encrypted Media Extensions 9.1.3, 9.1.4): the request
 *   `{"kids":["<base64url kid>"],"type":"temporary"}` answers
 *   `{"keys":[{"kty":"oct","kid":"...","k":"..."}],"type":"temporary"}`
 *   with the requested keys this asset has.
 * Both need the token the manifest minted (`KeyTokens`): the key URI's is
 * for its key ID, the license URL's for every key ID of the asset under the
 * configuration (one license URL serves them all). Never cached. Keys from
 * a SPEKE server are served the same way: Kinora holds them.
 */
export const keyRequestKinds: readonly RequestKind[] = [
  {
    name: 'hlsKey',
    pattern: /^key\/([0-9a-fA-F]{32})\.key$/,
    formats: ['hls', 'cmaf'],
    memoize: false,
    async answer(ctx) {
      const { keys } = await authorisedPlan(ctx, [ctx.match[1]], () => ctx.match[1].toLowerCase());
      return { body: keys[0].key, contentType: 'application/octet-stream', maxAgeSeconds: 0, ranges: false, perRequest: true, cacheControl: PRIVATE };
    },
  },
  {
    name: 'clearKeyLicense',
    pattern: /^license\/clearkey$/,
    formats: ['dash', 'cmaf'],
    method: 'POST',
    memoize: false,
    async answer(ctx) {
      const { asset } = ctx;
      let request: { kids?: unknown; type?: unknown };
      try {
        request = JSON.parse(new TextDecoder().decode(ctx.body ?? new Uint8Array(0)));
      } catch {
        throw new KinoraError('INVALID_REQUEST', 'a ClearKey license request is JSON: {"kids":["<base64url key ID>"],"type":"temporary"}', { subject: asset.id });
      }
      const kids = Array.isArray(request?.kids) ? request.kids.map(fromBase64Url) : [];
      if (kids.length === 0 || kids.some((kid) => kid?.byteLength !== 16)) {
        throw new KinoraError('INVALID_REQUEST', `a ClearKey license request lists 16-byte key IDs in base64url under "kids", found ${JSON.stringify(request?.kids ?? null).slice(0, 200)}`, { subject: asset.id });
      }
      const found = await authorisedPlan(
        ctx,
        kids.map((kid) => Buffer.from(kid!).toString('hex')),
        (plan) => plan.licenseSubject,
      );
      // The requested keys this asset has (one, or several with SPEKE v2 presets).
      const keys = found.keys.map((k) => ({ kty: 'oct', kid: Buffer.from(k.kid).toString('base64url'), k: Buffer.from(k.key).toString('base64url') }));
      const body = JSON.stringify({ keys, type: request.type === 'persistent-license' ? 'persistent-license' : 'temporary' });
      return { body, contentType: 'application/json', maxAgeSeconds: 0, ranges: false, perRequest: true, cacheControl: PRIVATE };
    },
  },
];
