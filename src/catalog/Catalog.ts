import type { AssetRecord, AssetStatus, CdnAuthorization, EgressAccessLogs, PackagingConfigurationRecord, PackagingGroupRecord } from './records.ts';

/** Keyset page: records ordered by id, strictly after `afterId`, at most `limit` of them. */
export interface CatalogPage {
  afterId?: string;
  limit?: number;
}

/** What {@link Catalog.claimIngest} asks for. */
export interface ClaimIngestQuery {
  /** The claiming process's ingest queue (`IngestQueue`'s owner id). */
  owner: string;
  /** ISO 8601: leases that expire at or before it are free. */
  now: string;
  /** The lease runs until `now + leaseMs`. */
  leaseMs: number;
  /** At most this many (default: all that are claimable). */
  limit?: number;
  /** Only among these assets (an asset the queue just created). */
  ids?: string[];
}

/** What {@link Catalog.renewIngestLeases} asks for. */
export interface RenewIngestLeasesQuery {
  owner: string;
  ids: string[];
  now: string;
  leaseMs: number;
}

/** An ingest's write of its progress or outcome, made only by the holder of the asset's ingest lease. */
export interface IngestStatusWrite {
  id: string;
  owner: string;
  status: AssetStatus;
  reason?: string;
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
 * - Ingest is handed out by leases, as transcode jobs (`JobStore`) and event
 *   deliveries (`EventStore`) are, so that several Kinora processes sharing
 *   one catalog ingest each asset once: {@link claimIngest} atomically gives
 *   each QUEUED or PROCESSING asset whose ingest lease is free (none, or
 *   expired) to one owner; the owner renews it while it works; the ingest's
 *   writes ({@link setIngestStatus}, {@link putIngestIndex}) happen only while
 *   the asset's lease is still the writer's. The lease lives in columns of the
 *   asset's row, never in its document: `AssetRecord` and its wire shape do
 *   not show it. Leases are deadlines on the claimers' clocks (ISO 8601
 *   `now`, stored as epoch ms), so the hosts' clocks must agree to well within
 *   a lease (NTP does). An asset created before leases existed has none, so
 *   it is claimable.
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
  /**
   * No-op when the asset no longer exists (deleted during ingest). Takes no
   * lease into account and leaves any as it is: an ingest writes through
   * `setIngestStatus`.
   */
  setAssetStatus(id: string, status: AssetStatus, reason?: string): Promise<void>;
  /**
   * Marks the egress endpoint of an asset under one configuration (by the
   * configuration's hash) FAILED with `reason`, or (`null`) clears that,
   * atomically. Returns whether the record changed; no-op (false) when the
   * asset no longer exists.
   */
  setEndpointFailure(id: string, configurationHash: string, reason: string | null): Promise<boolean>;
  putAssetIndex(id: string, index: Uint8Array): Promise<void>;

  /**
   * Claims up to `limit` assets, oldest first (creation time, then id), that
   * are QUEUED or PROCESSING and whose ingest lease is free (none, or expired
   * at `now`; an owner's own expired lease too): each is leased to `owner`
   * until `now + leaseMs`, atomically, so concurrent claimers in any process
   * never get the same asset. A PLAYABLE or FAILED asset is never claimed.
   */
  claimIngest(query: ClaimIngestQuery): Promise<AssetRecord[]>;
  /**
   * Extends to `now + leaseMs` the ingest leases `owner` still holds among
   * `ids` (QUEUED or PROCESSING assets leased to `owner`, expired or not, as
   * long as nobody claimed them since). Returns the ids renewed: a missing one
   * was lost (claimed by another owner, finished, or deleted).
   */
  renewIngestLeases(query: RenewIngestLeasesQuery): Promise<string[]>;
  /** Gives up the ingest leases `owner` holds among `ids`; the assets are unchanged otherwise and any owner may claim them at once. */
  releaseIngestLeases(query: { owner: string; ids: string[] }): Promise<void>;
  /**
   * `setAssetStatus`, done only if `owner` holds the asset's ingest lease
   * (expired or not, as long as nobody claimed it since). PLAYABLE and FAILED
   * end the ingest, so they end the lease too. Returns false, writing
   * nothing, when the lease is another owner's or nobody's (a process that
   * lost its lease must not overwrite the outcome of the one that took the
   * asset over) or the asset no longer exists.
   */
  setIngestStatus(write: IngestStatusWrite): Promise<boolean>;
  /** `putAssetIndex`, done only if `owner` holds the asset's ingest lease (as `setIngestStatus`); false when it does not. */
  putIngestIndex(write: { id: string; owner: string; index: Uint8Array }): Promise<boolean>;
  getAssetIndex(id: string): Promise<Uint8Array | undefined>;

  /** Adds or overwrites `set`, then removes `remove`, atomically; returns the resulting tags. */
  updateTags(kind: ResourceKind, id: string, change: { set?: Record<string, string>; remove?: string[] }): Promise<Record<string, string>>;

  close(): Promise<void>;
}
