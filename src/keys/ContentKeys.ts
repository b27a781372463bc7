import { KinoraError } from '../errors/KinoraError.ts';
import type { AssetRecord, PackagingConfigurationRecord, SpekeKeyProvider } from '../catalog/records.ts';
import type { ContentKey } from './ContentKey.ts';
import type { KeyProvider } from './KeyProvider.ts';
import type { KeyRequest } from './KeyRequest.ts';
import { BUILTIN_KEY_PROVIDER_URL } from './BuiltinKeyProvider.ts';
import type { KeyTokens } from './KeyTokens.ts';

/** Content keys kept in memory; each is a few dozen bytes, so this bounds memory, not hit rate. */
const MAX_CACHED_KEYS = 100_000;
/** Key URI and license tokens outlive any plausible viewing of one manifest fetch. */
const DEFAULT_TOKEN_TTL_SECONDS = 24 * 3600;

/**
 * The origin's view of content keys: picks the key provider a
 * configuration's `spekeKeyProvider.url` names (`kinora:builtin` is the
 * built-in key store; any other URL is a SPEKE server, which needs the SPEKE
 * client this port was designed for), fetches the key of an asset and
 * configuration once and keeps it (MediaPackage VOD also fetches one key per
 * asset and configuration and uses it for every request: VOD needs no key
 * rotation), and mints the tokens that authorise key delivery.
 *
 * Fails closed: every failure is a `KEY_PROVIDER_ERROR` and is not cached,
 * so a request for encrypted output gets an error, never clear bytes, and
 * the next request asks the provider again.
 */
export class ContentKeys {
  readonly tokens: KeyTokens;
  readonly tokenTtlSeconds: number;
  private readonly builtin: KeyProvider;
  private readonly speke?: KeyProvider;
  private readonly cache = new Map<string, Promise<ContentKey>>();
  private readonly onClose?: () => Promise<void>;

  constructor(options: { builtin: KeyProvider; speke?: KeyProvider; tokens: KeyTokens; tokenTtlSeconds?: number; onClose?: () => Promise<void> }) {
    this.builtin = options.builtin;
    this.speke = options.speke;
    this.tokens = options.tokens;
    this.tokenTtlSeconds = options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
    this.onClose = options.onClose;
  }

  keyFor(asset: AssetRecord, configuration: PackagingConfigurationRecord, v: { spekeKeyProvider: SpekeKeyProvider; scheme: KeyRequest['scheme'] }): Promise<ContentKey> {
    const cacheKey = `${asset.hash}/${configuration.hash}`;
    let pending = this.cache.get(cacheKey);
    if (!pending) {
      pending = this.fetch(asset, configuration, v);
      if (this.cache.size >= MAX_CACHED_KEYS) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(cacheKey, pending);
      pending.catch(() => this.cache.delete(cacheKey));
    }
    return pending;
  }

  /** A token for `kidHex` valid from now for `tokenTtlSeconds`. */
  mintToken(kidHex: string, nowMs = Date.now()): string {
    return this.tokens.sign(kidHex, Math.floor(nowMs / 1000) + this.tokenTtlSeconds);
  }

  async close(): Promise<void> {
    await this.onClose?.();
  }

  private async fetch(asset: AssetRecord, configuration: PackagingConfigurationRecord, v: { spekeKeyProvider: SpekeKeyProvider; scheme: KeyRequest['scheme'] }): Promise<ContentKey> {
    const { url, systemIds } = v.spekeKeyProvider;
    if (v.spekeKeyProvider.encryptionContractConfiguration) {
      // SPEKE v2 presets ask a key per track type (or none for some): not something to approximate with one key.
      throw new KinoraError('KEY_PROVIDER_ERROR', `configuration ${configuration.id} sets encryptionContractConfiguration (SPEKE v2 presets), which needs the SPEKE v2 client Kinora does not have yet`, { subject: asset.id });
    }
    const provider = url === BUILTIN_KEY_PROVIDER_URL ? this.builtin : this.speke;
    if (!provider) {
      throw new KinoraError('KEY_PROVIDER_ERROR', `configuration ${configuration.id} asks SPEKE key provider ${url}, but Kinora has no SPEKE client yet; use "${BUILTIN_KEY_PROVIDER_URL}" for the built-in key store`, {
        subject: asset.id,
      });
    }
    const request: KeyRequest = {
      assetId: asset.id,
      resourceId: asset.resourceId ?? asset.id,
      configurationId: configuration.id,
      systemIds: (systemIds ?? []).map((id) => id.toLowerCase()),
      scheme: v.scheme,
    };
    let key: ContentKey;
    try {
      key = await provider.keyFor(request);
    } catch (e) {
      if (e instanceof KinoraError && e.code === 'KEY_PROVIDER_ERROR') throw e;
      throw new KinoraError('KEY_PROVIDER_ERROR', `key provider ${url} failed for asset ${asset.id}, configuration ${configuration.id}: ${(e as Error).message}`, { subject: asset.id, cause: e });
    }
    if (key.kid.byteLength !== 16 || key.key.byteLength !== 16 || (key.iv !== undefined && key.iv.byteLength !== 16)) {
      throw new KinoraError('KEY_PROVIDER_ERROR', `key provider ${url} returned a ${key.kid.byteLength}-byte key ID and a ${key.key.byteLength}-byte key for asset ${asset.id}; expected 16 and 16`, { subject: asset.id });
    }
    return key;
  }
}
