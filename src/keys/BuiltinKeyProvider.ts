import { randomBytes } from 'node:crypto';
import { KinoraError } from '../errors/KinoraError.ts';
import type { Pssh } from '../media/isobmff/boxes/pssh.ts';
import { bytesFromHex } from '../media/cenc/bytesFromHex.ts';
import { systemIds } from '../media/cenc/systemIds.ts';
import { writeWidevinePsshData } from '../media/cenc/writeWidevinePsshData.ts';
import type { ContentKey } from './ContentKey.ts';
import type { KeyProvider } from './KeyProvider.ts';
import type { KeyRequest } from './KeyRequest.ts';
import type { KeyStore } from './KeyStore.ts';

/** The `spekeKeyProvider.url` that selects the built-in key store instead of a SPEKE server. */
export const BUILTIN_KEY_PROVIDER_URL = 'kinora:builtin';

/** Systems the built-in store can signal: ClearKey and HLS AES-128 (it serves those keys), Widevine `pssh` data, FairPlay `skd://`. */
const SUPPORTED = new Set<string>([systemIds.common, systemIds.clearKey, systemIds.aes128, systemIds.widevine, systemIds.fairPlay]);

/**
 * Keys without a DRM vendor: one random 128-bit key, key ID and IV per asset
 * and configuration, made on first request and kept in a `KeyStore` (sealed
 * at rest), so every later request, and every restart, gets the same key.
 * The origin serves these keys itself (HLS AES-128 key URI, ClearKey
 * license). `pssh` boxes: the W3C common format (KIDs only) for ClearKey,
 * and Widevine's data for a Widevine license proxy that knows the key.
 * PlayReady needs a PlayReady header object and comes later.
 */
export class BuiltinKeyProvider implements KeyProvider {
  private readonly store: KeyStore;
  private readonly random: (bytes: number) => Uint8Array;

  constructor(store: KeyStore, options: { random?: (bytes: number) => Uint8Array } = {}) {
    this.store = store;
    this.random = options.random ?? ((n) => new Uint8Array(randomBytes(n)));
  }

  async keyFor(request: KeyRequest): Promise<ContentKey> {
    const unsupported = request.systemIds.filter((id) => !SUPPORTED.has(id.toLowerCase()));
    if (unsupported.length > 0) {
      throw new KinoraError('KEY_PROVIDER_ERROR', `the built-in key store (${BUILTIN_KEY_PROVIDER_URL}) cannot serve system ID(s) ${unsupported.join(', ')}; it supports ${[...SUPPORTED].join(', ')}`, {
        subject: request.assetId,
      });
    }
    const name = `${request.assetId}/${request.configurationId}`;
    const stored =
      (await this.store.get(name)) ??
      (await this.store.putIfAbsent(name, { kid: this.random(16), key: this.random(16), iv: this.random(16), createdAt: new Date().toISOString() }));
    return { kid: stored.kid, key: stored.key, iv: stored.iv, pssh: psshFor(request, stored.kid) };
  }
}

function psshFor(request: KeyRequest, kid: Uint8Array): Pssh[] {
  const ids = new Set(request.systemIds.map((id) => id.toLowerCase()));
  const boxes: Pssh[] = [];
  if (request.scheme === 'aes-128') return boxes;
  if (ids.has(systemIds.common) || ids.has(systemIds.clearKey)) boxes.push({ version: 1, systemId: bytesFromHex(systemIds.common), kids: [kid], data: new Uint8Array(0) });
  if (ids.has(systemIds.widevine)) boxes.push({ version: 0, systemId: bytesFromHex(systemIds.widevine), kids: [], data: writeWidevinePsshData([kid], request.scheme) });
  return boxes;
}
