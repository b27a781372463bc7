import type { KinoraConfig } from './KinoraConfig.ts';
import { openStores, type Stores } from './openStores.ts';
import { createObjectStore } from '../storage/createObjectStore.ts';
import { S3ObjectStore } from '../storage/S3ObjectStore.ts';
import type { SourceReader } from '../storage/SourceReader.ts';
import { createSourceReader } from '../storage/createSourceReader.ts';
import { Packager } from '../origin/Packager.ts';
import type { Catalog } from '../catalog/Catalog.ts';
import type { ObjectStore } from '../storage/ObjectStore.ts';
import { openContentKeys } from '../keys/openContentKeys.ts';
import type { ContentKeys } from '../keys/ContentKeys.ts';

export interface Kinora {
  config: KinoraConfig;
  catalog: Catalog;
  store: ObjectStore;
  reader: SourceReader;
  packager: Packager;
  /**
   * The database-backed stores `catalog` belongs to (`openStores`); the
   * server takes its event store and job store from here. Absent on a Kinora
   * assembled by hand (tests), for which the server opens its own next to
   * the catalog.
   */
  stores?: Stores;
  /** Content keys for encrypted configurations (built-in key store in the data dir); absent on a hand-built Kinora. */
  keys?: ContentKeys;
  close(): Promise<void>;
}

/**
 * Wires the adapters: the stores `openStores` picks (SQLite files under the
 * data dir, or PostgreSQL when `databaseUrl` is set), and folder buckets
 * (embedded) or S3 when configured. `overrides` swap an adapter: `store` (tests:
 * a store that hangs), `stores` (stores already open, shared with the caller,
 * who closes them; `close()` then leaves them open).
 */
export function openKinora(config: KinoraConfig, overrides: { store?: ObjectStore; stores?: Stores } = {}): Kinora {
  const stores = overrides.stores ?? openStores(config);
  const { catalog } = stores;
  const store = overrides.store ?? createObjectStore({ dataDir: config.dataDir, storage: config.storage, s3Endpoint: config.s3Endpoint });
  const reader = createSourceReader(store, config);
  const packager = new Packager(catalog, reader, { segmentCacheBytes: config.segmentCacheBytes });
  // KINORA_KEYS_KEY (64 hex digits) seals content keys at rest; else a generated <data>/keys.key (0600).
  const keys = openContentKeys({ dataDir: config.dataDir, masterKey: process.env.KINORA_KEYS_KEY || undefined, failureHoldMs: config.keyFailureHoldMs });
  return {
    config,
    catalog,
    store,
    reader,
    packager,
    stores,
    keys,
    async close() {
      await keys.close();
      await reader.close();
      if (!overrides.stores) await stores.close();
      if (store instanceof S3ObjectStore) store.close();
      else if ('close' in store && typeof store.close === 'function') await store.close();
    },
  };
}
