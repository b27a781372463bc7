import { join } from 'node:path';
import type { KinoraConfig } from './KinoraConfig.ts';
import { SqliteCatalog } from '../catalog/SqliteCatalog.ts';
import { createObjectStore } from '../storage/createObjectStore.ts';
import { S3ObjectStore } from '../storage/S3ObjectStore.ts';
import { SourceReader } from '../storage/SourceReader.ts';
import { Packager } from '../origin/Packager.ts';
import type { Catalog } from '../catalog/Catalog.ts';
import type { ObjectStore } from '../storage/ObjectStore.ts';

export interface Kinora {
  config: KinoraConfig;
  catalog: Catalog;
  store: ObjectStore;
  reader: SourceReader;
  packager: Packager;
  close(): Promise<void>;
}

/**
 * Wires the adapters: SQLite catalog under the data dir, and folder buckets
 * (embedded) or S3 when configured. `overrides` swap an adapter (tests: a store that hangs).
 */
export function openKinora(config: KinoraConfig, overrides: { store?: ObjectStore } = {}): Kinora {
  const catalog = new SqliteCatalog(join(config.dataDir, 'catalog.sqlite'));
  const store = overrides.store ?? createObjectStore({ dataDir: config.dataDir, storage: config.storage, s3Endpoint: config.s3Endpoint });
  const reader = new SourceReader(store, { timeoutMs: config.sourceTimeoutMs });
  const packager = new Packager(catalog, reader, { segmentCacheBytes: config.segmentCacheBytes });
  return {
    config,
    catalog,
    store,
    reader,
    packager,
    async close() {
      await catalog.close();
      if (store instanceof S3ObjectStore) store.close();
    },
  };
}
