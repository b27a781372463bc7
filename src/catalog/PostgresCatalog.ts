import type { Pool, PoolClient } from 'pg';
import { PostgresComponent } from '../db/postgres/PostgresComponent.ts';
import type { PostgresMigration } from '../db/postgres/PostgresMigration.ts';
import { withPostgresTransaction } from '../db/postgres/withPostgresTransaction.ts';
import { KinoraError } from '../errors/KinoraError.ts';
import type { Catalog, CatalogPage, ClaimIngestQuery, IngestStatusWrite, RenewIngestLeasesQuery, ResourceKind } from './Catalog.ts';
import { postgresCatalogMigrations } from './postgresCatalogMigrations.ts';
import type { AssetRecord, AssetStatus, CdnAuthorization, EgressAccessLogs, PackagingConfigurationRecord, PackagingGroupRecord } from './records.ts';
import { endpointFailuresWith } from './endpointFailuresWith.ts';

/** Schema component of the catalog in `schema_migrations`. */
const COMPONENT = 'catalog';

const TABLE: Record<ResourceKind, string> = { group: 'packaging_groups', configuration: 'packaging_configurations', asset: 'assets' };
const NOT_FOUND = { group: 'GROUP_NOT_FOUND', configuration: 'CONFIGURATION_NOT_FOUND', asset: 'ASSET_NOT_FOUND' } as const;
const NOUN: Record<ResourceKind, string> = { group: 'packaging group', configuration: 'packaging configuration', asset: 'asset' };

type Db = Pool | PoolClient;

/**
 * The catalog on PostgreSQL, for several Kinora processes sharing one catalog
 * (`DATABASE_URL`; see docs/database.md). Same tables, documents, errors and
 * orders as `SqliteCatalog` (schema: `postgresCatalogMigrations`).
 *
 * SQLite serialises every checked write behind its one write lock; here each
 * check-and-write transaction (READ COMMITTED) locks what its check reads, so
 * that concurrent writers in any process queue behind one another:
 * - `putConfiguration` and `putAsset` lock their group's row. With a quota
 *   (`maxPerGroup`) the lock is `FOR NO KEY UPDATE`, which two creators in
 *   one group cannot both hold: the second counts after the first commits.
 *   Without one, `FOR KEY SHARE` is enough to keep the group from being
 *   deleted under the insert.
 * - `putGroup` with a quota (`maxGroups`) takes `SHARE ROW EXCLUSIVE` on the
 *   groups table, which conflicts with itself and with any other group
 *   insert, update or delete, but not with reads or with child inserts.
 * - `deleteGroup` locks the group's row `FOR UPDATE` before counting its
 *   configurations and assets, so no child can be added meanwhile.
 * - `updateGroup`, `setAssetStatus` and `updateTags` read, change and write
 *   the document under `FOR UPDATE`.
 * - Duplicate ids: checked first (so ALREADY_EXISTS wins over the other
 *   errors, as on SQLite), then decided by the primary key
 *   (`INSERT ... ON CONFLICT (id) DO NOTHING`) for two creators of one id
 *   that passed the check together.
 * - `claimIngest` is one `UPDATE` of the rows a `FOR UPDATE SKIP LOCKED`
 *   select picked, as the transcoding queue's and the event bus's claims are:
 *   claimers in different processes lock different rows and never wait on
 *   one another. The other lease writes (`renewIngestLeases`,
 *   `releaseIngestLeases`, `putIngestIndex`, `setIngestStatus` under
 *   `FOR UPDATE`) are conditional on `ingest_owner`, so they wait for a claim
 *   of the row in flight and then see its outcome.
 * Every write is one transaction, so a crash leaves a record wholly created
 * or not at all.
 */
export class PostgresCatalog implements Catalog {
  private readonly component: PostgresComponent;
  private readonly pool: Pool;

  private constructor(component: PostgresComponent) {
    this.component = component;
    this.pool = component.pool;
  }

  /**
   * Opens the catalog and migrates its schema. Given a URL, the catalog opens
   * a pool of its own and ends it on `close()`; given a pool (shared with
   * other stores), it leaves the pool to its owner.
   */
  static async open(db: string | Pool, options: { migrations?: PostgresMigration[] } = {}): Promise<PostgresCatalog> {
    return new PostgresCatalog(await PostgresComponent.open(db, COMPONENT, options.migrations ?? postgresCatalogMigrations));
  }

  /** Schema versions applied to this database, in order. */
  schemaVersions(): Promise<number[]> {
    return this.component.schemaVersions();
  }

  async putGroup(g: PackagingGroupRecord, guard: { maxGroups?: number } = {}): Promise<void> {
    await withPostgresTransaction(this.pool, async (client) => {
      if (guard.maxGroups !== undefined) await client.query('LOCK TABLE packaging_groups IN SHARE ROW EXCLUSIVE MODE');
      if (await exists(client, 'group', g.id)) throw alreadyExists('group', g.id);
      if (guard.maxGroups !== undefined && (await count(client, 'SELECT count(*)::int AS n FROM packaging_groups', [])) >= guard.maxGroups) {
        throw new KinoraError('QUOTA_EXCEEDED', `the quota of ${guard.maxGroups} packaging groups is reached`, { subject: g.id });
      }
      await insertNew(client, 'group', g.id, 'INSERT INTO packaging_groups (id, hash, doc) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', [g.id, g.hash, JSON.stringify(g)]);
    });
  }
  async getGroup(id: string) {
    return this.one<PackagingGroupRecord>('SELECT doc FROM packaging_groups WHERE id = $1', [id]);
  }
  async getGroupByHash(hash: string) {
    return this.one<PackagingGroupRecord>('SELECT doc FROM packaging_groups WHERE hash = $1', [hash]);
  }
  async listGroups(page: CatalogPage = {}) {
    return this.many<PackagingGroupRecord>('SELECT doc FROM packaging_groups WHERE id > $1 ORDER BY id LIMIT $2', [page.afterId ?? '', limitOf(page)]);
  }
  async updateGroup(id: string, patch: { authorization?: CdnAuthorization | null; egressAccessLogs?: EgressAccessLogs | null }): Promise<PackagingGroupRecord> {
    return withPostgresTransaction(this.pool, async (client) => {
      const group = await lockedDoc<PackagingGroupRecord>(client, 'group', id);
      if (!group) throw notFound('group', id);
      for (const key of ['authorization', 'egressAccessLogs'] as const) {
        if (patch[key] === null) delete group[key];
        else if (patch[key] !== undefined) (group as any)[key] = patch[key];
      }
      await client.query('UPDATE packaging_groups SET doc = $1 WHERE id = $2', [JSON.stringify(group), id]);
      return group;
    });
  }
  async deleteGroup(id: string): Promise<void> {
    await withPostgresTransaction(this.pool, async (client) => {
      const locked = await client.query('SELECT 1 FROM packaging_groups WHERE id = $1 FOR UPDATE', [id]);
      if (locked.rowCount === 0) throw notFound('group', id);
      const configurations = await count(client, 'SELECT count(*)::int AS n FROM packaging_configurations WHERE group_id = $1', [id]);
      const assets = await count(client, 'SELECT count(*)::int AS n FROM assets WHERE group_id = $1', [id]);
      if (configurations + assets > 0) {
        throw new KinoraError('RESOURCE_IN_USE', `packaging group ${id} still has ${configurations} packaging configuration(s) and ${assets} asset(s); delete them first`, { subject: id });
      }
      await client.query('DELETE FROM packaging_groups WHERE id = $1', [id]);
    });
  }
  async countGroups() {
    return count(this.pool, 'SELECT count(*)::int AS n FROM packaging_groups', []);
  }

  async putConfiguration(c: PackagingConfigurationRecord, guard: { maxPerGroup?: number } = {}): Promise<void> {
    await withPostgresTransaction(this.pool, async (client) => {
      await checkChild(client, 'configuration', c.id, c.packagingGroupId, guard.maxPerGroup);
      await insertNew(
        client,
        'configuration',
        c.id,
        'INSERT INTO packaging_configurations (id, group_id, hash, doc) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING',
        [c.id, c.packagingGroupId, c.hash, JSON.stringify(c)],
      );
    });
  }
  async getConfiguration(id: string) {
    return this.one<PackagingConfigurationRecord>('SELECT doc FROM packaging_configurations WHERE id = $1', [id]);
  }
  async getConfigurationByHash(hash: string) {
    return this.one<PackagingConfigurationRecord>('SELECT doc FROM packaging_configurations WHERE hash = $1', [hash]);
  }
  async listConfigurations(groupId?: string, page: CatalogPage = {}) {
    return groupId === undefined
      ? this.many<PackagingConfigurationRecord>('SELECT doc FROM packaging_configurations WHERE id > $1 ORDER BY id LIMIT $2', [page.afterId ?? '', limitOf(page)])
      : this.many<PackagingConfigurationRecord>('SELECT doc FROM packaging_configurations WHERE group_id = $1 AND id > $2 ORDER BY id LIMIT $3', [groupId, page.afterId ?? '', limitOf(page)]);
  }
  async deleteConfiguration(id: string): Promise<void> {
    await this.deleteOne('configuration', id);
  }
  async countConfigurations(groupId?: string) {
    return groupId === undefined
      ? count(this.pool, 'SELECT count(*)::int AS n FROM packaging_configurations', [])
      : count(this.pool, 'SELECT count(*)::int AS n FROM packaging_configurations WHERE group_id = $1', [groupId]);
  }

  async putAsset(a: AssetRecord, guard: { maxPerGroup?: number } = {}): Promise<void> {
    await withPostgresTransaction(this.pool, async (client) => {
      await checkChild(client, 'asset', a.id, a.packagingGroupId, guard.maxPerGroup);
      await insertNew(
        client,
        'asset',
        a.id,
        'INSERT INTO assets (id, group_id, hash, status, created_at, doc) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING',
        [a.id, a.packagingGroupId, a.hash, a.status, a.createdAt, JSON.stringify(a)],
      );
    });
  }
  async getAsset(id: string) {
    return this.one<AssetRecord>('SELECT doc FROM assets WHERE id = $1', [id]);
  }
  async getAssetByHash(hash: string) {
    return this.one<AssetRecord>('SELECT doc FROM assets WHERE hash = $1', [hash]);
  }
  async listAssets(groupId?: string, page: CatalogPage = {}) {
    return groupId === undefined
      ? this.many<AssetRecord>('SELECT doc FROM assets WHERE id > $1 ORDER BY id LIMIT $2', [page.afterId ?? '', limitOf(page)])
      : this.many<AssetRecord>('SELECT doc FROM assets WHERE group_id = $1 AND id > $2 ORDER BY id LIMIT $3', [groupId, page.afterId ?? '', limitOf(page)]);
  }
  async listAssetsByStatus(statuses: AssetStatus[]) {
    if (statuses.length === 0) return [];
    return this.many<AssetRecord>('SELECT doc FROM assets WHERE status = ANY($1::text[]) ORDER BY created_at, id', [statuses]);
  }
  async deleteAsset(id: string): Promise<void> {
    await this.deleteOne('asset', id);
  }
  async countAssets(groupId?: string) {
    return groupId === undefined
      ? count(this.pool, 'SELECT count(*)::int AS n FROM assets', [])
      : count(this.pool, 'SELECT count(*)::int AS n FROM assets WHERE group_id = $1', [groupId]);
  }
  async countAssetsByStatus(): Promise<Record<AssetStatus, number>> {
    const out: Record<AssetStatus, number> = { QUEUED: 0, PROCESSING: 0, PLAYABLE: 0, FAILED: 0 };
    const rows = await this.pool.query<{ status: AssetStatus; n: number }>('SELECT status, count(*)::int AS n FROM assets GROUP BY status');
    for (const row of rows.rows) out[row.status] = row.n;
    return out;
  }
  async setAssetStatus(id: string, status: AssetStatus, reason?: string): Promise<void> {
    await withPostgresTransaction(this.pool, async (client) => {
      const a = await lockedDoc<AssetRecord>(client, 'asset', id);
      if (!a) return;
      const next: AssetRecord = { ...a, status, statusReason: reason };
      if (reason === undefined) delete next.statusReason;
      await client.query('UPDATE assets SET doc = $1, status = $2 WHERE id = $3', [JSON.stringify(next), status, id]);
    });
  }
  async setEndpointFailure(id: string, configurationHash: string, reason: string | null): Promise<boolean> {
    return withPostgresTransaction(this.pool, async (client) => {
      const a = await lockedDoc<AssetRecord>(client, 'asset', id);
      const next = a && endpointFailuresWith(a, configurationHash, reason);
      if (!next) return false;
      await client.query('UPDATE assets SET doc = $1 WHERE id = $2', [JSON.stringify(next), id]);
      return true;
    });
  }
  async putAssetIndex(id: string, index: Uint8Array): Promise<void> {
    // Sent as a binary parameter (node-postgres passes byte arrays as they are).
    await this.pool.query('UPDATE assets SET source_index = $1 WHERE id = $2', [index, id]);
  }
  async claimIngest(query: ClaimIngestQuery): Promise<AssetRecord[]> {
    const now = Date.parse(query.now);
    // SKIP LOCKED: a row another claimer has just leased is re-checked after
    // its commit (no longer claimable) and passed over; a row locked by some
    // other write is left to the next poll. The ids are selected in a
    // MATERIALIZED CTE, evaluated once: a LIMIT ... SKIP LOCKED subquery
    // planned as a join may be re-scanned and lease more than the limit.
    const claimed = await this.pool.query<{ id: string; created_at: string; doc: AssetRecord }>(
      `WITH claimable AS MATERIALIZED (
         SELECT id FROM assets
          WHERE status IN ('QUEUED', 'PROCESSING') AND (ingest_lease_expires_at IS NULL OR ingest_lease_expires_at <= $1)
            AND ($2::text[] IS NULL OR id = ANY($2::text[]))
          ORDER BY created_at, id LIMIT $3
          FOR UPDATE SKIP LOCKED
       )
       UPDATE assets a SET ingest_owner = $4, ingest_lease_expires_at = $5
         FROM claimable WHERE a.id = claimable.id
       RETURNING a.id, a.created_at, a.doc`,
      [now, query.ids ?? null, query.limit ?? null, query.owner, now + query.leaseMs],
    );
    // RETURNING has no order of its own; ids and created_at compare byte-wise (COLLATE "C"), as JavaScript compares these ASCII strings.
    const byAge = (a: { id: string; created_at: string }, b: { id: string; created_at: string }) =>
      a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    return claimed.rows.sort(byAge).map((row) => row.doc);
  }
  async renewIngestLeases(query: RenewIngestLeasesQuery): Promise<string[]> {
    const renewed = await this.pool.query<{ id: string }>(
      `UPDATE assets SET ingest_lease_expires_at = $1
        WHERE id = ANY($2::text[]) AND ingest_owner = $3 AND status IN ('QUEUED', 'PROCESSING')
        RETURNING id`,
      [Date.parse(query.now) + query.leaseMs, query.ids, query.owner],
    );
    const held = new Set(renewed.rows.map((r) => r.id));
    return [...new Set(query.ids)].filter((id) => held.has(id));
  }
  async releaseIngestLeases(query: { owner: string; ids: string[] }): Promise<void> {
    await this.pool.query('UPDATE assets SET ingest_owner = NULL, ingest_lease_expires_at = NULL WHERE id = ANY($1::text[]) AND ingest_owner = $2', [query.ids, query.owner]);
  }
  async setIngestStatus(write: IngestStatusWrite): Promise<boolean> {
    return withPostgresTransaction(this.pool, async (client) => {
      const row = await client.query<{ doc: AssetRecord }>('SELECT doc FROM assets WHERE id = $1 AND ingest_owner = $2 FOR UPDATE', [write.id, write.owner]);
      const a = row.rows[0]?.doc;
      if (!a) return false;
      const next: AssetRecord = { ...a, status: write.status, statusReason: write.reason };
      if (write.reason === undefined) delete next.statusReason;
      const ends = write.status === 'PLAYABLE' || write.status === 'FAILED';
      await client.query(
        `UPDATE assets SET doc = $1, status = $2${ends ? ', ingest_owner = NULL, ingest_lease_expires_at = NULL' : ''} WHERE id = $3`,
        [JSON.stringify(next), write.status, write.id],
      );
      return true;
    });
  }
  async putIngestIndex(write: { id: string; owner: string; index: Uint8Array }): Promise<boolean> {
    const written = await this.pool.query('UPDATE assets SET source_index = $1 WHERE id = $2 AND ingest_owner = $3', [write.index, write.id, write.owner]);
    return written.rowCount === 1;
  }
  async getAssetIndex(id: string): Promise<Uint8Array | undefined> {
    // Comes as hex text (node-postgres reads every result column as text, binary results not being
    // supported), decoded into a Buffer: twice the bytes on the wire, once per asset the origin loads.
    const result = await this.pool.query<{ source_index: Buffer | null }>('SELECT source_index FROM assets WHERE id = $1', [id]);
    const bytes = result.rows[0]?.source_index;
    return bytes ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : undefined;
  }

  async updateTags(kind: ResourceKind, id: string, change: { set?: Record<string, string>; remove?: string[] }): Promise<Record<string, string>> {
    return withPostgresTransaction(this.pool, async (client) => {
      const record = await lockedDoc<{ tags?: Record<string, string> }>(client, kind, id);
      if (!record) throw notFound(kind, id);
      const tags = { ...record.tags, ...change.set };
      for (const key of change.remove ?? []) delete tags[key];
      record.tags = tags;
      await client.query(`UPDATE ${TABLE[kind]} SET doc = $1 WHERE id = $2`, [JSON.stringify(record), id]);
      return tags;
    });
  }

  close(): Promise<void> {
    return this.component.close();
  }

  private async deleteOne(kind: ResourceKind, id: string): Promise<void> {
    const deleted = await this.pool.query(`DELETE FROM ${TABLE[kind]} WHERE id = $1`, [id]);
    if (deleted.rowCount === 0) throw notFound(kind, id);
  }

  private async one<T>(sql: string, params: unknown[]): Promise<T | undefined> {
    const result = await this.pool.query<{ doc: T }>(sql, params);
    return result.rows[0]?.doc;
  }

  private async many<T>(sql: string, params: unknown[]): Promise<T[]> {
    return (await this.pool.query<{ doc: T }>(sql, params)).rows.map((r) => r.doc);
  }
}

/**
 * The checks of `putConfiguration` and `putAsset`, in SqliteCatalog's order:
 * the id is free, the group exists, the group's quota has room. The group's
 * row stays locked until the insert commits (see the class comment).
 */
async function checkChild(client: PoolClient, kind: 'configuration' | 'asset', id: string, groupId: string, maxPerGroup: number | undefined): Promise<void> {
  if (await exists(client, kind, id)) throw alreadyExists(kind, id);
  const lock = maxPerGroup === undefined ? 'FOR KEY SHARE' : 'FOR NO KEY UPDATE';
  const group = await client.query(`SELECT 1 FROM packaging_groups WHERE id = $1 ${lock}`, [groupId]);
  if (group.rowCount === 0) throw notFound('group', groupId);
  if (maxPerGroup !== undefined && (await count(client, `SELECT count(*)::int AS n FROM ${TABLE[kind]} WHERE group_id = $1`, [groupId])) >= maxPerGroup) {
    throw new KinoraError('QUOTA_EXCEEDED', `packaging group ${groupId} already has the quota of ${maxPerGroup} ${NOUN[kind]}s`, { subject: id });
  }
}

/** Runs an `INSERT ... ON CONFLICT (id) DO NOTHING`; no row inserted means another writer took the id first. */
async function insertNew(client: PoolClient, kind: ResourceKind, id: string, sql: string, params: unknown[]): Promise<void> {
  const inserted = await client.query(sql, params);
  if (inserted.rowCount === 0) throw alreadyExists(kind, id);
}

/** The record's document, its row locked `FOR UPDATE` for the rest of the transaction. */
async function lockedDoc<T>(client: PoolClient, kind: ResourceKind, id: string): Promise<T | undefined> {
  const row = await client.query<{ doc: T }>(`SELECT doc FROM ${TABLE[kind]} WHERE id = $1 FOR UPDATE`, [id]);
  return row.rows[0]?.doc;
}

async function exists(db: Db, kind: ResourceKind, id: string): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM ${TABLE[kind]} WHERE id = $1`, [id])).rowCount !== 0;
}

async function count(db: Db, sql: string, params: unknown[]): Promise<number> {
  return (await db.query<{ n: number }>(sql, params)).rows[0].n;
}

/** SQLite's `LIMIT -1` (and any negative limit) means no limit; PostgreSQL's is `LIMIT NULL`. */
function limitOf(page: CatalogPage): number | null {
  return page.limit === undefined || page.limit < 0 ? null : page.limit;
}

function alreadyExists(kind: ResourceKind, id: string): KinoraError {
  return new KinoraError('ALREADY_EXISTS', `${NOUN[kind]} ${id} already exists`, { subject: id });
}

function notFound(kind: ResourceKind, id: string): KinoraError {
  return new KinoraError(NOT_FOUND[kind], `${NOUN[kind]} ${id} does not exist`, { subject: id });
}
