import { join } from 'node:path';
import type { KinoraConfig } from '../config/KinoraConfig.ts';
import { openKinora, type Kinora } from '../config/openKinora.ts';
import { openStores, type Stores } from '../config/openStores.ts';
import { FileSecretStore } from '../auth/FileSecretStore.ts';
import { loadSecretsKey } from '../auth/loadSecretsKey.ts';
import { IngestQueue } from '../control/IngestQueue.ts';
import { SourceHosts } from '../storage/SourceHosts.ts';
import { EndpointKeyHealth } from '../control/EndpointKeyHealth.ts';
import { VodControlPlane } from '../control/VodControlPlane.ts';

/**
 * The control plane the CLI's `group|config|asset` commands call: the same
 * `VodControlPlane` (same validation, quotas and wire shapes) as the HTTP
 * API, on the data dir directly. Assets created here are ingested in this
 * process (`ingest.idle()`), so the command returns once they are PLAYABLE
 * or FAILED. A server running on the same data dir sees the catalog changes
 * at once, except its egress cache of deleted resources (see `EvictingEgressResolver`).
 */
export function openCliControlPlane(
  config: KinoraConfig,
  options: { stores?: Stores } = {},
): { kinora: Kinora; stores: Stores; control: VodControlPlane; ingest: IngestQueue; secrets: FileSecretStore; publicUrl: string; close(): Promise<void> } {
  // `options.stores`: stores the caller already opened (and closes); else the config's, closed by `close()`.
  const stores = options.stores ?? openStores(config);
  const kinora = openKinora(config, { stores });
  const secrets = new FileSecretStore(join(config.dataDir, 'secrets.json'), loadSecretsKey(config.dataDir));
  // Keys of encrypted configurations are fetched at ingest, as the server does.
  const keyHealth = new EndpointKeyHealth({ catalog: kinora.catalog, keys: kinora.keys });
  const ingest = new IngestQueue({ catalog: kinora.catalog, reader: kinora.reader, concurrency: config.ingestConcurrency, prepareEndpoints: (asset) => keyHealth.checkAsset(asset) });
  const publicUrl = config.publicUrl ?? `http://${config.host}:${config.port}`;
  const sourceHosts = new SourceHosts(config.sourceHosts);
  const control = new VodControlPlane({
    catalog: kinora.catalog,
    ingest,
    secrets,
    publicUrl: () => publicUrl,
    quotas: { maxPackagingGroups: config.maxPackagingGroups, maxConfigurationsPerGroup: config.maxConfigurationsPerGroup, maxAssetsPerGroup: config.maxAssetsPerGroup },
    checkSourceUrl: (url) => sourceHosts.checkUrl(url),
  });
  return {
    kinora,
    stores,
    control,
    ingest,
    secrets,
    publicUrl,
    async close() {
      ingest.close();
      await kinora.close();
      if (!options.stores) await stores.close();
    },
  };
}
