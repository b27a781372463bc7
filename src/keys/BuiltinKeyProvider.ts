import { randomBytes } from 'node:crypto';
import { KinoraError } from '../errors/KinoraError.ts';
import { systemIds } from '../media/cenc/systemIds.ts';
import type { ContentKey } from './ContentKey.ts';
import type { KeyProvider } from './KeyProvider.ts';
import type { KeyRequest } from './KeyRequest.ts';
import type { KeyStore } from './KeyStore.ts';
import type { KeyUsageRule } from './KeyUsageRule.ts';
import { builtinSignalling } from './builtinSignalling.ts';

/** The `spekeKeyProvider.url` that selects the built-in key store instead of a SPEKE server. */
export const BUILTIN_KEY_PROVIDER_URL = 'kinora:builtin';

/**
 * Systems the built-in store can signal: ClearKey and HLS AES-128 (it serves those keys), Widevine `pssh`
 * data, PlayReady headers (for a license server that knows the key), FairPlay `skd://`.
 */
const SUPPORTED = new Set<string>([systemIds.common, systemIds.clearKey, systemIds.aes128, systemIds.widevine, systemIds.playReady, systemIds.fairPlay]);

/**
 * Keys without a DRM vendor: random 128-bit keys, key IDs and IVs per asset
 * and configuration (one per rule of the configuration's encryption
 * contract: usually one, several for SPEKE v2 presets), made on first
 * request and kept in a `KeyStore` (sealed at rest), so every later
 * request, and every restart, gets the same keys. The origin serves these
 * keys itself (HLS AES-128 key URI, ClearKey license). Signalling: the W3C
 * common `pssh` (KIDs only) for ClearKey, Widevine's `pssh` data and a
 * PlayReady Header Object (with `playReadyLicenseUrl` as its LA_URL) for
 * license servers given the key, and FairPlay's `skd://` URI.
 */
export class BuiltinKeyProvider implements KeyProvider {
  private readonly store: KeyStore;
  private readonly random: (bytes: number) => Uint8Array;
  private readonly playReadyLicenseUrl?: string;

  constructor(store: KeyStore, options: { random?: (bytes: number) => Uint8Array; playReadyLicenseUrl?: string } = {}) {
    this.store = store;
    this.random = options.random ?? ((n) => new Uint8Array(randomBytes(n)));
    this.playReadyLicenseUrl = options.playReadyLicenseUrl;
  }

  async keysFor(request: KeyRequest): Promise<ContentKey[]> {
    const unsupported = request.systemIds.filter((id) => !SUPPORTED.has(id.toLowerCase()));
    if (unsupported.length > 0) {
      throw new KinoraError('KEY_PROVIDER_ERROR', `the built-in key store (${BUILTIN_KEY_PROVIDER_URL}) cannot serve system ID(s) ${unsupported.join(', ')}; it supports ${[...SUPPORTED].join(', ')}`, {
        subject: request.assetId,
      });
    }
    const rules: readonly KeyUsageRule[] = request.rules ?? [{ intendedTrackType: 'ALL', video: {}, audio: {} }];
    const keys: ContentKey[] = [];
    for (const rule of rules) {
      // The single ALL key keeps the name it always had, so keys made before presets existed still serve.
      const name = rules.length === 1 && rule.intendedTrackType === 'ALL' ? `${request.assetId}/${request.configurationId}` : `${request.assetId}/${request.configurationId}/${rule.intendedTrackType}`;
      const stored =
        (await this.store.get(name)) ??
        (await this.store.putIfAbsent(name, { kid: this.random(16), key: this.random(16), iv: this.random(16), createdAt: new Date().toISOString() }));
      keys.push({ kid: stored.kid, key: stored.key, iv: stored.iv, ...builtinSignalling(request, stored.kid, stored.key, this.playReadyLicenseUrl) });
    }
    return keys;
  }
}
