import { randomBytes } from 'node:crypto';
import { KinoraError } from '../../errors/KinoraError.ts';
import type { ContentKey } from '../ContentKey.ts';
import type { KeyProvider } from '../KeyProvider.ts';
import type { KeyRequest } from '../KeyRequest.ts';
import type { KeyStore } from '../KeyStore.ts';
import type { KeyUsageRule } from '../KeyUsageRule.ts';
import type { StoredKey } from '../StoredKey.ts';
import { readKeyMeta } from '../readKeyMeta.ts';
import { writeKeyMeta } from '../writeKeyMeta.ts';
import type { CpixRequest } from './CpixRequest.ts';
import { postCpix, type SpekeExchangeLimits } from './postCpix.ts';
import { readCpixResponse } from './readCpixResponse.ts';
import type { SigningIdentity } from './SigningIdentity.ts';
import { writeCpixRequest } from './writeCpixRequest.ts';

const ALL: KeyUsageRule = { intendedTrackType: 'ALL', video: {}, audio: {} };

/**
 * A SPEKE client behind the `KeyProvider` port (SPEKE API v1 over CPIX 2.0,
 * v2 over CPIX 2.3 with the configuration's encryption contract), as
 * MediaPackage is one:
 *
 * 1. Kinora, the encryptor, chooses one random key ID per rule of the
 *    request (SPEKE: "the encryptor creates the KID") and sends the CPIX
 *    document (`writeCpixRequest`) for content ID = the asset's
 *    `resourceId`, signed as `signerFor(roleArn, url)` says (`spekeSignerOf`),
 *    with retries and a time bound (`postCpix`).
 * 2. The answer is checked strictly (`readCpixResponse`) before any of it
 *    is used.
 * 3. Each key, with the signalling the server gave, is kept in the key
 *    store, sealed (`SqliteKeyStore`), under a name that includes the asset's
 *    and the configuration's egress hashes: later asks, and restarts, use
 *    the stored keys and never ask the server again, so every segment ever
 *    served for an asset under a configuration has the same keys; an asset
 *    or configuration made again under the same id asks afresh. When two
 *    asks race, the first stored key wins (`putIfAbsent`).
 *
 * `ContentKeys` in front of it keeps the keys in memory and shares one ask
 * between concurrent requests.
 */
export class SpekeKeyProvider implements KeyProvider {
  private readonly store: KeyStore;
  private readonly signerFor: (roleArn: string | undefined, url: string) => SigningIdentity | undefined;
  private readonly limits?: Partial<SpekeExchangeLimits>;
  private readonly fetch?: typeof fetch;
  private readonly random: (bytes: number) => Uint8Array;

  constructor(options: {
    store: KeyStore;
    signerFor?: (roleArn: string | undefined, url: string) => SigningIdentity | undefined;
    limits?: Partial<SpekeExchangeLimits>;
    fetch?: typeof fetch;
    random?: (bytes: number) => Uint8Array;
  }) {
    this.store = options.store;
    this.signerFor = options.signerFor ?? (() => undefined);
    this.limits = options.limits;
    this.fetch = options.fetch;
    this.random = options.random ?? ((n) => new Uint8Array(randomBytes(n)));
  }

  async keysFor(request: KeyRequest): Promise<ContentKey[]> {
    const url = request.url;
    if (!url || !/^https?:\/\//i.test(url)) throw new KinoraError('KEY_PROVIDER_ERROR', `SPEKE key provider URL ${JSON.stringify(url ?? null)} is not an http(s) URL`, { subject: request.assetId });
    const rules = request.rules ?? [ALL];
    const names = rules.map((rule) => `speke/${request.assetId}/${request.assetHash ?? '-'}/${request.configurationId}/${request.configurationHash ?? '-'}/${rule.intendedTrackType}`);
    const stored = await Promise.all(names.map((name) => this.store.get(name)));
    if (stored.every((s) => s !== undefined)) return stored.map((s, i) => contentKeyOf(s!, names[i]));

    const cpix: CpixRequest = {
      version: request.spekeVersion ?? 1,
      contentId: request.resourceId,
      scheme: request.scheme,
      systemIds: request.systemIds,
      keys: rules.map((rule) => ({ kid: this.random(16), rule })),
    };
    const text = await postCpix({ url, body: writeCpixRequest(cpix), version: cpix.version, identity: this.signerFor(request.roleArn, url), limits: this.limits, fetch: this.fetch });
    let keys: ContentKey[];
    try {
      keys = readCpixResponse(text, cpix);
    } catch (e) {
      if (e instanceof KinoraError) throw new KinoraError('KEY_PROVIDER_ERROR', `SPEKE key server ${url}: ${e.message}`, { subject: request.assetId, cause: e });
      throw e;
    }
    const createdAt = new Date().toISOString();
    return Promise.all(
      keys.map(async (key, i) => {
        const kept = await this.store.putIfAbsent(names[i], { kid: key.kid, key: key.key, iv: key.iv ?? this.random(16), createdAt, meta: writeKeyMeta(key) });
        return contentKeyOf(kept, names[i]);
      }),
    );
  }
}

function contentKeyOf(stored: StoredKey, name: string): ContentKey {
  if (stored.meta === undefined) throw new KinoraError('KEY_PROVIDER_ERROR', `the key store holds ${name} without the signalling a SPEKE key comes with`);
  return { kid: stored.kid, key: stored.key, iv: stored.iv, ...readKeyMeta(stored.meta, name) };
}
