import type { Catalog } from '../catalog/Catalog.ts';
import type { AssetRecord, PackagingConfigurationRecord } from '../catalog/records.ts';
import { KinoraError } from '../errors/KinoraError.ts';
import type { ContentKeys } from '../keys/ContentKeys.ts';
import { outputOf, type OutputEncryption } from '../origin/outputOf.ts';
import { planEncryption } from '../packaging/planEncryption.ts';

/**
 * Keeps the status of each encrypted egress endpoint true to its key
 * provider. MediaPackage VOD fetches an asset's keys when it ingests it, and
 * a key provider that fails fails that endpoint (status FAILED, a
 * KeyProviderError event); Kinora does the same, and then goes on watching:
 *
 * - `checkAsset(asset)` runs at the end of ingest, before the asset turns
 *   PLAYABLE: it plans the encryption of every encrypted configuration of the
 *   asset's group (`planEncryption`, so the keys are fetched and cached and
 *   the whole plan is checked) and records each failure as that endpoint's
 *   FAILED status with the reason (`Catalog.setEndpointFailure`); the content
 *   keys' failure listeners emit the KeyProviderError event. A failure left by
 *   an earlier ingest of the asset is cleared when the keys now come.
 * - `start()` subscribes to the content keys: a key provider failing on a
 *   player's request (keys not cached yet, e.g. a configuration added after
 *   ingest, or a restart) marks the endpoint FAILED; keys that come later
 *   (the provider is back) mark it PLAYABLE again, so a key-server outage
 *   heals without re-creating the asset, where MediaPackage VOD leaves the
 *   endpoint failed. Nothing is ever served in the clear meanwhile: the
 *   origin answers 502 KEY_PROVIDER_ERROR.
 *
 * Writes for one endpoint run one after another in the order the outcomes
 * were seen, so a failure and a recovery reported together end as the later.
 */
export class EndpointKeyHealth {
  private readonly catalog: Catalog;
  private readonly keys?: ContentKeys;
  private readonly log: (message: string, error?: unknown) => void;
  /** `<asset id>/<configuration hash>` -> the last status write queued for that endpoint. */
  private readonly writes = new Map<string, Promise<void>>();
  /**
   * `<asset id>/<configuration hash>` -> the status last written (or queued) for that endpoint:
   * a request that fails (or plays) as the one before writes nothing, so a misconfigured endpoint's
   * requests do not each queue a catalog write.
   */
  private readonly recorded = new Map<string, string | null>();

  constructor(deps: { catalog: Catalog; keys?: ContentKeys; log?: (message: string, error?: unknown) => void }) {
    this.catalog = deps.catalog;
    this.keys = deps.keys;
    this.log = deps.log ?? ((message, error) => console.error(message, error ?? ''));
  }

  /** Follows the content keys' outcomes on the origin's requests; returns the function that stops. */
  start(): () => void {
    const keys = this.keys;
    if (!keys) return () => {};
    const stopFailures = keys.onFailure(({ asset, configuration, error }) => void this.record(asset.id, configuration, reasonOf(error)).catch(() => {}));
    const stopKeys = keys.onKeys((asset, configuration) => void this.record(asset.id, configuration, null).catch(() => {}));
    return () => {
      stopFailures();
      stopKeys();
    };
  }

  /** Resolves once every status write queued so far has settled (before the catalog closes). */
  async idle(): Promise<void> {
    while (this.writes.size > 0) await Promise.all(this.writes.values());
  }

  /** Fetches the keys of every encrypted configuration of the asset's group; records and returns the configurations whose keys could not be had. */
  async checkAsset(asset: AssetRecord): Promise<{ configurationId: string; reason: string }[]> {
    const failed: { configurationId: string; reason: string }[] = [];
    for (const configuration of await this.catalog.listConfigurations(asset.packagingGroupId)) {
      const encryption = outputOf(configuration).encryption;
      if (!encryption) continue;
      const reason = await this.planFails(asset, configuration, encryption);
      if (reason !== undefined) failed.push({ configurationId: configuration.id, reason });
      await this.record(asset.id, configuration, reason ?? null);
    }
    return failed;
  }

  /** The reason the configuration's encryption cannot be planned, or undefined when its keys came. */
  private async planFails(asset: AssetRecord, configuration: PackagingConfigurationRecord, encryption: OutputEncryption): Promise<string | undefined> {
    try {
      await planEncryption({ keys: this.keys, asset, configuration, encryption });
      return undefined;
    } catch (e) {
      if (e instanceof KinoraError && e.code === 'KEY_PROVIDER_ERROR') return reasonOf(e);
      throw e;
    }
  }

  /** Queues the endpoint's status write after the ones before it; a failed write is logged, and the chain goes on. */
  private record(assetId: string, configuration: Pick<PackagingConfigurationRecord, 'id' | 'hash'>, reason: string | null): Promise<void> {
    const key = `${assetId}/${configuration.hash}`;
    const previous = this.writes.get(key) ?? Promise.resolve();
    if (this.recorded.has(key) && this.recorded.get(key) === reason) return previous;
    this.recorded.delete(key);
    if (this.recorded.size >= MAX_RECORDED) this.recorded.delete(this.recorded.keys().next().value!);
    this.recorded.set(key, reason);
    const next = previous.then(async () => {
      try {
        await this.catalog.setEndpointFailure(assetId, configuration.hash, reason);
      } catch (e) {
        // Not written: the next report writes again.
        if (this.recorded.get(key) === reason) this.recorded.delete(key);
        this.log(`could not record the key status of asset ${assetId} under configuration ${configuration.id}:`, e);
        throw e;
      }
    });
    const settled = next.catch(() => {});
    this.writes.set(key, settled);
    void settled.then(() => {
      if (this.writes.get(key) === settled) this.writes.delete(key);
    });
    return next;
  }
}

/** Endpoints whose last status is remembered (the oldest is forgotten first; forgetting costs one write). */
const MAX_RECORDED = 10_000;

function reasonOf(error: KinoraError): string {
  return `${error.code}: ${error.message}`;
}
