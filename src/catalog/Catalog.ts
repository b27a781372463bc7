import type { AssetRecord, AssetStatus, CdnAuthorization, EgressAccessLogs, PackagingConfigurationRecord, PackagingGroupRecord } from './records.ts';

/** Keyset page: records ordered by id, strictly after `afterId`, at most `limit` of them. */
export interface CatalogPage {
  afterId?: string;
  limit?: number;
}

/** The three kinds of taggable resource. */
export type ResourceKind = 'group' | 'configuration' | 'asset';

/**
 * Port: the catalog of packaging groups, configurations and assets, and each
 * asset's persisted source index. Adapters: `SqliteCatalog` (embedded
 * default, `node:sqlite`) and a PostgreSQL adapter for scale-out.
 *
 * Contract every adapter keeps (the control plane relies on it):
 * - Lookups by hash serve the origin's hot path.
 * - Records are immutable once created (as in MediaPackage), except an
 *   asset's status and endpoint failures, every record's tags, and a group's
 *   `authorization` and `egressAccessLogs`.
 * - Each write is atomic, including its checks: `put*` refuses a duplicate id
 *   (ALREADY_EXISTS), a missing parent group (GROUP_NOT_FOUND) and a full
 *   quota (QUOTA_EXCEEDED) in the same transaction as the insert, so two
 *   concurrent creates can never both pass a check. `deleteGroup` refuses a
 *   group that still has configurations or assets (RESOURCE_IN_USE) the same way.
 * - Missing records: `get*` return undefined; `delete*`, `updateGroup` and
 *   `updateTags` throw the kind's *_NOT_FOUND code. Errors are `KinoraError`s.
 * - Lists are ordered by id; `CatalogPage` gives keyset pagination.
 */
export interface Catalog {
  putGroup(group: PackagingGroupRecord, guard?: { maxGroups?: number }): Promise<void>;
  getGroup(id: string): Promise<PackagingGroupRecord | undefined>;
  getGroupByHash(hash: string): Promise<PackagingGroupRecord | undefined>;
  listGroups(page?: CatalogPage): Promise<PackagingGroupRecord[]>;
  /** `null` removes a field, `undefined` leaves it. Returns the updated record. */
  updateGroup(id: string, patch: { authorization?: CdnAuthorization | null; egressAccessLogs?: EgressAccessLogs | null }): Promise<PackagingGroupRecord>;
  deleteGroup(id: string): Promise<void>;
  countGroups(): Promise<number>;

  putConfiguration(configuration: PackagingConfigurationRecord, guard?: { maxPerGroup?: number }): Promise<void>;
  getConfiguration(id: string): Promise<PackagingConfigurationRecord | undefined>;
  getConfigurationByHash(hash: string): Promise<PackagingConfigurationRecord | undefined>;
  listConfigurations(groupId?: string, page?: CatalogPage): Promise<PackagingConfigurationRecord[]>;
  deleteConfiguration(id: string): Promise<void>;
  countConfigurations(groupId?: string): Promise<number>;

  putAsset(asset: AssetRecord, guard?: { maxPerGroup?: number }): Promise<void>;
  getAsset(id: string): Promise<AssetRecord | undefined>;
  getAssetByHash(hash: string): Promise<AssetRecord | undefined>;
  listAssets(groupId?: string, page?: CatalogPage): Promise<AssetRecord[]>;
  /** Assets in any of `statuses`, ordered by creation (crash recovery re-ingests them). */
  listAssetsByStatus(statuses: AssetStatus[]): Promise<AssetRecord[]>;
  deleteAsset(id: string): Promise<void>;
  countAssets(groupId?: string): Promise<number>;
  countAssetsByStatus(): Promise<Record<AssetStatus, number>>;
  /** No-op when the asset no longer exists (deleted during ingest). */
  setAssetStatus(id: string, status: AssetStatus, reason?: string): Promise<void>;
  /**
   * Marks the egress endpoint of an asset under one configuration (by the
   * configuration's hash) FAILED with `reason`, or (`null`) clears that,
   * atomically. Returns whether the record changed; no-op (false) when the
   * asset no longer exists.
   */
  setEndpointFailure(id: string, configurationHash: string, reason: string | null): Promise<boolean>;
  putAssetIndex(id: string, index: Uint8Array): Promise<void>;
  getAssetIndex(id: string): Promise<Uint8Array | undefined>;

  /** Adds or overwrites `set`, then removes `remove`, atomically; returns the resulting tags. */
  updateTags(kind: ResourceKind, id: string, change: { set?: Record<string, string>; remove?: string[] }): Promise<Record<string, string>>;

  close(): Promise<void>;
}
