import { KinoraError } from '../errors/KinoraError.ts';
import type { AssetRecord, PackagingConfigurationRecord, SpekeKeyProvider as SpekeKeyProviderSettings } from '../catalog/records.ts';
import { hexFromBytes } from '../media/cenc/hexFromBytes.ts';
import { normaliseSystemId } from '../media/cenc/normaliseSystemId.ts';
import type { ContentKey } from './ContentKey.ts';
import type { ContentKeySet } from './ContentKeySet.ts';
import type { KeyProvider } from './KeyProvider.ts';
import type { KeyRequest } from './KeyRequest.ts';
import type { KeyStore } from './KeyStore.ts';
import { BUILTIN_KEY_PROVIDER_URL } from './BuiltinKeyProvider.ts';
import type { KeyTokens } from './KeyTokens.ts';
import { planKeyUsageRules } from './planKeyUsageRules.ts';

/** Content keys kept in memory; each is a few dozen bytes, so this bounds memory, not hit rate. */
const MAX_CACHED_KEYS = 100_000;
/** Key URI and license tokens outlive any plausible viewing of one manifest fetch. */
const DEFAULT_TOKEN_TTL_SECONDS = 24 * 3600;
/** How long a failed ask answers for the provider before it is asked again. */
export const DEFAULT_KEY_FAILURE_HOLD_MS = 5_000;

/** A key provider that could not give an asset's keys under a configuration (MediaPackage's KeyProviderError). */
export interface KeyProviderFailure {
  asset: AssetRecord;
  configuration: PackagingConfigurationRecord;
  /** `spekeKeyProvider.url`. */
  url: string;
  error: KinoraError;
}

/**
 * The origin's view of content keys: picks the key provider a
 * configuration's `spekeKeyProvider.url` names (`kinora:builtin` is the
 * built-in key store; any other URL is a SPEKE server), asks it once per
 * asset and configuration for one key per rule of the configuration's
 * encryption contract (`planKeyUsageRules`: one key for SPEKE v1, several
 * for SPEKE v2 presets) and keeps the answer (MediaPackage VOD also fetches
 * keys once per asset and configuration and uses them for every request:
 * VOD needs no key rotation), and mints the tokens that authorise key
 * delivery.
 *
 * Fails closed: every failure is a `KEY_PROVIDER_ERROR`, is told to the
 * `onFailure` listeners (the server turns it into MediaPackage's
 * KeyProviderError event and the endpoint's FAILED status) and answers
 * every request for `failureHoldMs` (default 5 s), so a request for
 * encrypted output gets an error at once, never clear bytes, and a provider
 * that fails or hangs is not asked again by each request of a busy
 * endpoint; the first request after the hold asks again. Keys that come, once
 * a request's whole encryption plan was made from them (`confirmKeys`), are
 * told to the `onKeys` listeners (a FAILED endpoint recovers). Concurrent
 * requests share one ask.
 */
export class ContentKeys {
  readonly tokens: KeyTokens;
  readonly tokenTtlSeconds: number;
  /** The built-in key store, when these keys were opened with one (the built-in SPEKE server keeps its keys there too). */
  readonly store?: KeyStore;
  private readonly builtin: KeyProvider;
  private readonly speke?: KeyProvider;
  private readonly cache = new Map<string, Promise<ContentKeySet>>();
  /** Failed asks still in `cache`: the time (ms) until which they answer. */
  private readonly failedUntil = new Map<string, number>();
  private readonly failureHoldMs: number;
  private readonly now: () => number;
  private readonly listeners = new Set<(failure: KeyProviderFailure) => void>();
  private readonly keyListeners = new Set<(asset: AssetRecord, configuration: PackagingConfigurationRecord) => void>();
  /** Errors already told to the listeners (an error rethrown by a caller is told once). */
  private readonly reported = new WeakSet<KinoraError>();
  /** Asks answered since their keys were last confirmed (`confirmKeys`): `<asset hash>/<configuration hash>`. */
  private readonly fresh = new Set<string>();
  private readonly onClose?: () => Promise<void>;

  constructor(options: {
    builtin: KeyProvider;
    speke?: KeyProvider;
    tokens: KeyTokens;
    tokenTtlSeconds?: number;
    store?: KeyStore;
    onClose?: () => Promise<void>;
    /** How long a failed ask answers before the provider is asked again (0: every request asks). */
    failureHoldMs?: number;
    now?: () => number;
  }) {
    this.failureHoldMs = options.failureHoldMs ?? DEFAULT_KEY_FAILURE_HOLD_MS;
    this.now = options.now ?? Date.now;
    this.builtin = options.builtin;
    this.speke = options.speke;
    this.tokens = options.tokens;
    this.tokenTtlSeconds = options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
    this.store = options.store;
    this.onClose = options.onClose;
  }

  /** Every key of an asset under a configuration, each with the tracks it protects. */
  keySetFor(asset: AssetRecord, configuration: PackagingConfigurationRecord, v: { spekeKeyProvider: SpekeKeyProviderSettings; scheme: KeyRequest['scheme'] }): Promise<ContentKeySet> {
    const cacheKey = `${asset.hash}/${configuration.hash}`;
    const heldUntil = this.failedUntil.get(cacheKey);
    if (heldUntil !== undefined && this.now() >= heldUntil) {
      this.failedUntil.delete(cacheKey);
      this.cache.delete(cacheKey);
    }
    let pending = this.cache.get(cacheKey);
    if (!pending) {
      const asked = this.fetch(asset, configuration, v);
      pending = asked;
      if (this.cache.size >= MAX_CACHED_KEYS) {
        const oldest = this.cache.keys().next().value!;
        this.cache.delete(oldest);
        this.failedUntil.delete(oldest);
      }
      this.cache.set(cacheKey, asked);
      asked.catch(() => {
        if (this.cache.get(cacheKey) !== asked) return;
        if (this.failureHoldMs > 0) this.failedUntil.set(cacheKey, this.now() + this.failureHoldMs);
        else this.cache.delete(cacheKey);
      });
    }
    return pending;
  }

  /**
   * The key of a configuration that has one (SPEKE v1, a SHARED preset, the
   * built-in store's usual key); a configuration with several keys (SPEKE v2
   * presets) is a KEY_PROVIDER_ERROR here: ask `keySetFor`.
   */
  async keyFor(asset: AssetRecord, configuration: PackagingConfigurationRecord, v: { spekeKeyProvider: SpekeKeyProviderSettings; scheme: KeyRequest['scheme'] }): Promise<ContentKey> {
    const set = await this.keySetFor(asset, configuration, v);
    if (set.entries.length !== 1) {
      throw new KinoraError('KEY_PROVIDER_ERROR', `configuration ${configuration.id} has ${set.entries.length} keys (${set.entries.map((e) => e.rule.intendedTrackType).join(', ')}), not one`, { subject: asset.id });
    }
    return set.entries[0].key;
  }

  /** Calls `listener` on every failed ask of a key provider; returns the function that stops it. */
  onFailure(listener: (failure: KeyProviderFailure) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Calls `listener` when a key provider gave an asset's keys under a
   * configuration and a whole encryption plan was then made from them
   * (`confirmKeys`), once per ask (not on cache hits); returns the function
   * that stops it.
   */
  onKeys(listener: (asset: AssetRecord, configuration: PackagingConfigurationRecord) => void): () => void {
    this.keyListeners.add(listener);
    return () => this.keyListeners.delete(listener);
  }

  /** Says that a whole encryption plan was made from an asset's keys under a configuration; the first time after an ask, `onKeys` listeners hear of it. */
  confirmKeys(asset: AssetRecord, configuration: PackagingConfigurationRecord): void {
    if (!this.fresh.delete(`${asset.hash}/${configuration.hash}`)) return;
    for (const listener of this.keyListeners) {
      try {
        listener(asset, configuration);
      } catch {
        // A listener (a status write) never changes the answer.
      }
    }
  }

  /**
   * Tells the `onFailure` listeners of a failure found around the key
   * provider's answer (a configuration whose system IDs or IVs cannot make
   * its encryption); each error is told once, however often it is reported.
   */
  reportFailure(failure: KeyProviderFailure): void {
    if (this.reported.has(failure.error)) return;
    this.reported.add(failure.error);
    for (const listener of this.listeners) {
      try {
        listener(failure);
      } catch {
        // A listener (event emission, status write) never changes the answer.
      }
    }
  }

  /** A token for `subject` (a key ID in hex, or the `licenseSubject` of several) valid from now for `tokenTtlSeconds`. */
  mintToken(subject: string, nowMs = Date.now()): string {
    return this.tokens.sign(subject, Math.floor(nowMs / 1000) + this.tokenTtlSeconds);
  }

  async close(): Promise<void> {
    await this.onClose?.();
  }

  private async fetch(asset: AssetRecord, configuration: PackagingConfigurationRecord, v: { spekeKeyProvider: SpekeKeyProviderSettings; scheme: KeyRequest['scheme'] }): Promise<ContentKeySet> {
    const { url } = v.spekeKeyProvider;
    let set: ContentKeySet;
    try {
      set = await this.ask(asset, configuration, v);
    } catch (e) {
      const error =
        e instanceof KinoraError && e.code === 'KEY_PROVIDER_ERROR'
          ? e
          : new KinoraError('KEY_PROVIDER_ERROR', `key provider ${url} failed for asset ${asset.id}, configuration ${configuration.id}: ${(e as Error).message}`, { subject: asset.id, cause: e });
      this.reportFailure({ asset, configuration, url, error });
      throw error;
    }
    if (this.fresh.size >= MAX_CACHED_KEYS) this.fresh.delete(this.fresh.values().next().value!);
    this.fresh.add(`${asset.hash}/${configuration.hash}`);
    return set;
  }

  private async ask(asset: AssetRecord, configuration: PackagingConfigurationRecord, v: { spekeKeyProvider: SpekeKeyProviderSettings; scheme: KeyRequest['scheme'] }): Promise<ContentKeySet> {
    const { url, systemIds, roleArn, encryptionContractConfiguration } = v.spekeKeyProvider;
    const provider = url === BUILTIN_KEY_PROVIDER_URL ? this.builtin : this.speke;
    if (!provider) {
      throw new KinoraError('KEY_PROVIDER_ERROR', `configuration ${configuration.id} asks SPEKE key provider ${url}, but this Kinora has no SPEKE client; use "${BUILTIN_KEY_PROVIDER_URL}" for the built-in key store`, {
        subject: asset.id,
      });
    }
    const rules = planKeyUsageRules(encryptionContractConfiguration);
    let ids: string[];
    try {
      ids = (systemIds ?? []).map(normaliseSystemId);
    } catch (e) {
      throw new KinoraError('KEY_PROVIDER_ERROR', `configuration ${configuration.id}: ${(e as Error).message}`, { subject: asset.id, cause: e });
    }
    const request: KeyRequest = {
      assetId: asset.id,
      resourceId: asset.resourceId ?? asset.id,
      configurationId: configuration.id,
      assetHash: asset.hash,
      configurationHash: configuration.hash,
      systemIds: ids,
      scheme: v.scheme,
      rules,
      url,
      roleArn,
      spekeVersion: encryptionContractConfiguration ? 2 : 1,
    };
    const keys = await provider.keysFor(request);
    if (keys.length !== rules.length) {
      throw new KinoraError('KEY_PROVIDER_ERROR', `key provider ${url} returned ${keys.length} key(s) for asset ${asset.id}, configuration ${configuration.id}; expected ${rules.length}`, { subject: asset.id });
    }
    const seen = new Set<string>();
    for (const key of keys) {
      if (key.kid.byteLength !== 16 || key.key.byteLength !== 16 || (key.iv !== undefined && key.iv.byteLength !== 16)) {
        throw new KinoraError('KEY_PROVIDER_ERROR', `key provider ${url} returned a ${key.kid.byteLength}-byte key ID and a ${key.key.byteLength}-byte key for asset ${asset.id}; expected 16 and 16`, { subject: asset.id });
      }
      const kid = hexFromBytes(key.kid);
      if (seen.has(kid)) throw new KinoraError('KEY_PROVIDER_ERROR', `key provider ${url} returned key ID ${kid} for two track types of asset ${asset.id}`, { subject: asset.id });
      seen.add(kid);
    }
    return { entries: rules.map((rule, i) => ({ rule, key: keys[i] })) };
  }
}
