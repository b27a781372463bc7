import type { AssetRecord, AssetStatus, PackagingConfigurationRecord, PackagingGroupRecord } from './records.ts';

/**
 * Port: the catalog of packaging groups, configurations and assets, and each
 * asset's persisted source index. Adapters: `SqliteCatalog` (embedded
 * default, `node:sqlite`) and a PostgreSQL adapter for scale-out.
 * Lookups by hash serve the origin's hot path; records are immutable once
 * created (as in MediaPackage) except an asset's status.
 */
export interface Catalog {
  putGroup(group: PackagingGroupRecord): Promise<void>;
  getGroup(id: string): Promise<PackagingGroupRecord | undefined>;
  getGroupByHash(hash: string): Promise<PackagingGroupRecord | undefined>;
  listGroups(): Promise<PackagingGroupRecord[]>;

  putConfiguration(configuration: PackagingConfigurationRecord): Promise<void>;
  getConfiguration(id: string): Promise<PackagingConfigurationRecord | undefined>;
  getConfigurationByHash(hash: string): Promise<PackagingConfigurationRecord | undefined>;
  listConfigurations(groupId?: string): Promise<PackagingConfigurationRecord[]>;

  putAsset(asset: AssetRecord): Promise<void>;
  getAsset(id: string): Promise<AssetRecord | undefined>;
  getAssetByHash(hash: string): Promise<AssetRecord | undefined>;
  listAssets(groupId?: string): Promise<AssetRecord[]>;
  setAssetStatus(id: string, status: AssetStatus, reason?: string): Promise<void>;
  putAssetIndex(id: string, index: Uint8Array): Promise<void>;
  getAssetIndex(id: string): Promise<Uint8Array | undefined>;

  close(): Promise<void>;
}
