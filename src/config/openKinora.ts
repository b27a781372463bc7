import { join } from 'node:path';
import type { KinoraConfig } from './KinoraConfig.ts';
import { SqliteCatalog } from '../catalog/SqliteCatalog.ts';
import { FolderObjectStore } from '../storage/FolderObjectStore.ts';
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
 * Wires the embedded adapters: SQLite catalog and folder buckets under the
 * data dir. `overrides` swap an adapter (tests: a store that hangs).
 */
export function openKinora(config: KinoraConfig, overrides: { store?: ObjectStore } = {}): Kinora {
  const catalog = new SqliteCatalog(join(config.dataDir, 'catalog.sqlite'));
  const store = overrides.store ?? new FolderObjectStore(join(config.dataDir, 'buckets'));
  const reader = new SourceReader(store, { timeoutMs: config.sourceTimeoutMs });
  const packager = new Packager(catalog, reader, { segmentCacheBytes: config.segmentCacheBytes });
  return { config, catalog, store, reader, packager, close: () => catalog.close() };
}
