import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { listSqliteSchemaVersions } from '../db/sqlite/listSqliteSchemaVersions.ts';
import { openSqliteDatabase } from '../db/sqlite/openSqliteDatabase.ts';
import type { SqliteSchema } from '../db/sqlite/SqliteSchema.ts';
import { SqliteStatements } from '../db/sqlite/SqliteStatements.ts';
import { withSqliteTransaction } from '../db/sqlite/withSqliteTransaction.ts';
import { KinoraError } from '../errors/KinoraError.ts';
import type { Catalog, CatalogPage, ClaimIngestQuery, IngestStatusWrite, RenewIngestLeasesQuery, ResourceKind } from './Catalog.ts';
import type { AssetRecord, AssetStatus, CdnAuthorization, EgressAccessLogs, PackagingConfigurationRecord, PackagingGroupRecord } from './records.ts';
import { sqliteMigrations } from './sqliteMigrations.ts';
import { endpointFailuresWith } from './endpointFailuresWith.ts';

const TABLE: Record<ResourceKind, string> = { group: 'packaging_groups', configuration: 'packaging_configurations', asset: 'assets' };
const NOT_FOUND = { group: 'GROUP_NOT_FOUND', configuration: 'CONFIGURATION_NOT_FOUND', asset: 'ASSET_NOT_FOUND' } as const;
const NOUN: Record<ResourceKind, string> = { group: 'packaging group', configuration: 'packaging configuration', asset: 'asset' };
/** The catalog has its file to itself (`catalog.sqlite`), so its versions sit in the plain `schema_migrations`. */
const SCHEMA: SqliteSchema = { table: 'schema_migrations', migrations: sqliteMigrations };
/** An asset whose ingest is unfinished, the only kind an ingest lease is claimed, renewed or released on. */
const INGESTING = "status IN ('QUEUED', 'PROCESSING')";

/**
 * Embedded catalog on Node's built-in SQLite (`node:sqlite`, no native
 * addon to build; opened by `openSqliteDatabase`). Each record is stored as
 * its JSON document plus the columns it is looked up by. WAL mode lets the
 * CLI register assets while a server reads the same file. Checked writes run
 * in `BEGIN IMMEDIATE` transactions (`withSqliteTransaction`): they take the
 * write lock first, so a check and its insert are atomic across processes
 * too. `claimIngest` does the same between its select and its updates, so a
 * CLI and a server on one file never claim the same asset; the other lease
 * writes are single `UPDATE`s conditional on `ingest_owner`. Schema:
 * `sqliteMigrations`.
 */
export class SqliteCatalog implements Catalog {
  private readonly db: DatabaseSync;
  private readonly statements: SqliteStatements;

  constructor(path: string) {
    this.db = openSqliteDatabase(path, SCHEMA);
    this.statements = new SqliteStatements(this.db);
  }

  /** Versions applied so far, ascending. */
  schemaVersions(): number[] {
    return listSqliteSchemaVersions(this.db, SCHEMA.table);
  }

  async putGroup(g: PackagingGroupRecord, guard: { maxGroups?: number } = {}): Promise<void> {
    withSqliteTransaction(this.db, () => {
      if (this.exists('group', g.id)) throw new KinoraError('ALREADY_EXISTS', `packaging group ${g.id} already exists`, { subject: g.id });
      if (guard.maxGroups !== undefined && this.count('SELECT COUNT(*) AS n FROM packaging_groups') >= guard.maxGroups) {
        throw new KinoraError('QUOTA_EXCEEDED', `the quota of ${guard.maxGroups} packaging groups is reached`, { subject: g.id });
      }
      this.statements.prepare('INSERT INTO packaging_groups (id, hash, doc) VALUES (?, ?, ?)').run(g.id, g.hash, JSON.stringify(g));
    });
  }
  async getGroup(id: string) {
    return this.statements.one<PackagingGroupRecord>('SELECT doc FROM packaging_groups WHERE id = ?', id);
  }
  async getGroupByHash(hash: string) {
    return this.statements.one<PackagingGroupRecord>('SELECT doc FROM packaging_groups WHERE hash = ?', hash);
  }
  async listGroups(page: CatalogPage = {}) {
    return this.statements.many<PackagingGroupRecord>('SELECT doc FROM packaging_groups WHERE id > ? ORDER BY id LIMIT ?', page.afterId ?? '', page.limit ?? -1);
  }
  async updateGroup(id: string, patch: { authorization?: CdnAuthorization | null; egressAccessLogs?: EgressAccessLogs | null }): Promise<PackagingGroupRecord> {
    return withSqliteTransaction(this.db, () => {
      const group = this.statements.one<PackagingGroupRecord>('SELECT doc FROM packaging_groups WHERE id = ?', id);
      if (!group) throw new KinoraError('GROUP_NOT_FOUND', `packaging group ${id} does not exist`, { subject: id });
      for (const key of ['authorization', 'egressAccessLogs'] as const) {
        if (patch[key] === null) delete group[key];
        else if (patch[key] !== undefined) (group as any)[key] = patch[key];
      }
      this.statements.prepare('UPDATE packaging_groups SET doc = ? WHERE id = ?').run(JSON.stringify(group), id);
      return group;
    });
  }
  async deleteGroup(id: string): Promise<void> {
    withSqliteTransaction(this.db, () => {
      if (!this.exists('group', id)) throw new KinoraError('GROUP_NOT_FOUND', `packaging group ${id} does not exist`, { subject: id });
      const configurations = this.count('SELECT COUNT(*) AS n FROM packaging_configurations WHERE group_id = ?', id);
      const assets = this.count('SELECT COUNT(*) AS n FROM assets WHERE group_id = ?', id);
      if (configurations + assets > 0) {
        throw new KinoraError('RESOURCE_IN_USE', `packaging group ${id} still has ${configurations} packaging configuration(s) and ${assets} asset(s); delete them first`, { subject: id });
      }
      this.statements.prepare('DELETE FROM packaging_groups WHERE id = ?').run(id);
    });
  }
  async countGroups() {
    return this.count('SELECT COUNT(*) AS n FROM packaging_groups');
  }

  async putConfiguration(c: PackagingConfigurationRecord, guard: { maxPerGroup?: number } = {}): Promise<void> {
    withSqliteTransaction(this.db, () => {
      if (this.exists('configuration', c.id)) throw new KinoraError('ALREADY_EXISTS', `packaging configuration ${c.id} already exists`, { subject: c.id });
      if (!this.exists('group', c.packagingGroupId)) throw new KinoraError('GROUP_NOT_FOUND', `packaging group ${c.packagingGroupId} does not exist`, { subject: c.packagingGroupId });
      if (guard.maxPerGroup !== undefined && this.count('SELECT COUNT(*) AS n FROM packaging_configurations WHERE group_id = ?', c.packagingGroupId) >= guard.maxPerGroup) {
        throw new KinoraError('QUOTA_EXCEEDED', `packaging group ${c.packagingGroupId} already has the quota of ${guard.maxPerGroup} packaging configurations`, { subject: c.id });
      }
      this.statements.prepare('INSERT INTO packaging_configurations (id, group_id, hash, doc) VALUES (?, ?, ?, ?)').run(c.id, c.packagingGroupId, c.hash, JSON.stringify(c));
    });
  }
  async getConfiguration(id: string) {
    return this.statements.one<PackagingConfigurationRecord>('SELECT doc FROM packaging_configurations WHERE id = ?', id);
  }
  async getConfigurationByHash(hash: string) {
    return this.statements.one<PackagingConfigurationRecord>('SELECT doc FROM packaging_configurations WHERE hash = ?', hash);
  }
  async listConfigurations(groupId?: string, page: CatalogPage = {}) {
    return groupId === undefined
      ? this.statements.many<PackagingConfigurationRecord>('SELECT doc FROM packaging_configurations WHERE id > ? ORDER BY id LIMIT ?', page.afterId ?? '', page.limit ?? -1)
      : this.statements.many<PackagingConfigurationRecord>('SELECT doc FROM packaging_configurations WHERE group_id = ? AND id > ? ORDER BY id LIMIT ?', groupId, page.afterId ?? '', page.limit ?? -1);
  }
  async deleteConfiguration(id: string): Promise<void> {
    this.deleteOne('configuration', id);
  }
  async countConfigurations(groupId?: string) {
    return groupId === undefined
      ? this.count('SELECT COUNT(*) AS n FROM packaging_configurations')
      : this.count('SELECT COUNT(*) AS n FROM packaging_configurations WHERE group_id = ?', groupId);
  }

  async putAsset(a: AssetRecord, guard: { maxPerGroup?: number } = {}): Promise<void> {
    withSqliteTransaction(this.db, () => {
      if (this.exists('asset', a.id)) throw new KinoraError('ALREADY_EXISTS', `asset ${a.id} already exists`, { subject: a.id });
      if (!this.exists('group', a.packagingGroupId)) throw new KinoraError('GROUP_NOT_FOUND', `packaging group ${a.packagingGroupId} does not exist`, { subject: a.packagingGroupId });
      if (guard.maxPerGroup !== undefined && this.count('SELECT COUNT(*) AS n FROM assets WHERE group_id = ?', a.packagingGroupId) >= guard.maxPerGroup) {
        throw new KinoraError('QUOTA_EXCEEDED', `packaging group ${a.packagingGroupId} already has the quota of ${guard.maxPerGroup} assets`, { subject: a.id });
      }
      this.statements.prepare('INSERT INTO assets (id, group_id, hash, doc, status) VALUES (?, ?, ?, ?, ?)').run(a.id, a.packagingGroupId, a.hash, JSON.stringify(a), a.status);
    });
  }
  async getAsset(id: string) {
    return this.statements.one<AssetRecord>('SELECT doc FROM assets WHERE id = ?', id);
  }
  async getAssetByHash(hash: string) {
    return this.statements.one<AssetRecord>('SELECT doc FROM assets WHERE hash = ?', hash);
  }
  async listAssets(groupId?: string, page: CatalogPage = {}) {
    return groupId === undefined
      ? this.statements.many<AssetRecord>('SELECT doc FROM assets WHERE id > ? ORDER BY id LIMIT ?', page.afterId ?? '', page.limit ?? -1)
      : this.statements.many<AssetRecord>('SELECT doc FROM assets WHERE group_id = ? AND id > ? ORDER BY id LIMIT ?', groupId, page.afterId ?? '', page.limit ?? -1);
  }
  async listAssetsByStatus(statuses: AssetStatus[]) {
    if (statuses.length === 0) return [];
    return this.statements.many<AssetRecord>(`SELECT doc FROM assets WHERE status IN (${statuses.map(() => '?').join(', ')}) ORDER BY json_extract(doc, '$.createdAt'), id`, ...statuses);
  }
  async deleteAsset(id: string): Promise<void> {
    this.deleteOne('asset', id);
  }
  async countAssets(groupId?: string) {
    return groupId === undefined ? this.count('SELECT COUNT(*) AS n FROM assets') : this.count('SELECT COUNT(*) AS n FROM assets WHERE group_id = ?', groupId);
  }
  async countAssetsByStatus(): Promise<Record<AssetStatus, number>> {
    const out: Record<AssetStatus, number> = { QUEUED: 0, PROCESSING: 0, PLAYABLE: 0, FAILED: 0 };
    for (const row of this.statements.prepare('SELECT status, COUNT(*) AS n FROM assets GROUP BY status').all() as { status: AssetStatus; n: number }[]) out[row.status] = row.n;
    return out;
  }
  async setAssetStatus(id: string, status: AssetStatus, reason?: string): Promise<void> {
    withSqliteTransaction(this.db, () => {
      const a = this.statements.one<AssetRecord>('SELECT doc FROM assets WHERE id = ?', id);
      if (!a) return;
      const next: AssetRecord = { ...a, status, statusReason: reason };
      if (reason === undefined) delete next.statusReason;
      this.statements.prepare('UPDATE assets SET doc = ?, status = ? WHERE id = ?').run(JSON.stringify(next), status, id);
    });
  }
  async setEndpointFailure(id: string, configurationHash: string, reason: string | null): Promise<boolean> {
    return withSqliteTransaction(this.db, () => {
      const a = this.statements.one<AssetRecord>('SELECT doc FROM assets WHERE id = ?', id);
      const next = a && endpointFailuresWith(a, configurationHash, reason);
      if (!next) return false;
      this.statements.prepare('UPDATE assets SET doc = ? WHERE id = ?').run(JSON.stringify(next), id);
      return true;
    });
  }
  async putAssetIndex(id: string, index: Uint8Array): Promise<void> {
    this.statements.prepare('UPDATE assets SET source_index = ? WHERE id = ?').run(index, id);
  }
  async claimIngest(query: ClaimIngestQuery): Promise<AssetRecord[]> {
    const now = Date.parse(query.now);
    const expiresAt = now + query.leaseMs;
    return withSqliteTransaction(this.db, () => {
      const rows = this.statements.prepare(
        `SELECT id, doc FROM assets
          WHERE ${INGESTING} AND (ingest_lease_expires_at IS NULL OR ingest_lease_expires_at <= ?1)
            AND (?2 IS NULL OR id IN (SELECT value FROM json_each(?2)))
          ORDER BY json_extract(doc, '$.createdAt'), id LIMIT ?3`,
      ).all(now, query.ids === undefined ? null : JSON.stringify(query.ids), query.limit ?? -1) as { id: string; doc: string }[];
      const lease = this.statements.prepare('UPDATE assets SET ingest_owner = ?, ingest_lease_expires_at = ? WHERE id = ?');
      for (const row of rows) lease.run(query.owner, expiresAt, row.id);
      return rows.map((row) => JSON.parse(row.doc) as AssetRecord);
    });
  }
  async renewIngestLeases(query: RenewIngestLeasesQuery): Promise<string[]> {
    const rows = this.statements.prepare(
      `UPDATE assets SET ingest_lease_expires_at = ?1
        WHERE id IN (SELECT value FROM json_each(?2)) AND ingest_owner = ?3 AND ${INGESTING}
        RETURNING id`,
    ).all(Date.parse(query.now) + query.leaseMs, JSON.stringify(query.ids), query.owner) as { id: string }[];
    const renewed = new Set(rows.map((r) => r.id));
    return [...new Set(query.ids)].filter((id) => renewed.has(id));
  }
  async releaseIngestLeases(query: { owner: string; ids: string[] }): Promise<void> {
    this.statements.prepare(
      'UPDATE assets SET ingest_owner = NULL, ingest_lease_expires_at = NULL WHERE id IN (SELECT value FROM json_each(?1)) AND ingest_owner = ?2',
    ).run(JSON.stringify(query.ids), query.owner);
  }
  async setIngestStatus(write: IngestStatusWrite): Promise<boolean> {
    return withSqliteTransaction(this.db, () => {
      const a = this.statements.one<AssetRecord>('SELECT doc FROM assets WHERE id = ? AND ingest_owner = ?', write.id, write.owner);
      if (!a) return false;
      const next: AssetRecord = { ...a, status: write.status, statusReason: write.reason };
      if (write.reason === undefined) delete next.statusReason;
      const ends = write.status === 'PLAYABLE' || write.status === 'FAILED';
      this.statements.prepare(
        `UPDATE assets SET doc = ?, status = ?${ends ? ', ingest_owner = NULL, ingest_lease_expires_at = NULL' : ''} WHERE id = ?`,
      ).run(JSON.stringify(next), write.status, write.id);
      return true;
    });
  }
  async putIngestIndex(write: { id: string; owner: string; index: Uint8Array }): Promise<boolean> {
    const { changes } = this.statements.prepare('UPDATE assets SET source_index = ? WHERE id = ? AND ingest_owner = ?').run(write.index, write.id, write.owner);
    return Number(changes) === 1;
  }
  async getAssetIndex(id: string): Promise<Uint8Array | undefined> {
    const row = this.statements.prepare('SELECT source_index FROM assets WHERE id = ?').get(id) as { source_index: Uint8Array | null } | undefined;
    return row?.source_index ?? undefined;
  }

  async updateTags(kind: ResourceKind, id: string, change: { set?: Record<string, string>; remove?: string[] }): Promise<Record<string, string>> {
    return withSqliteTransaction(this.db, () => {
      const record = this.statements.one<{ tags?: Record<string, string> }>(`SELECT doc FROM ${TABLE[kind]} WHERE id = ?`, id);
      if (!record) throw new KinoraError(NOT_FOUND[kind], `${NOUN[kind]} ${id} does not exist`, { subject: id });
      const tags = { ...record.tags, ...change.set };
      for (const key of change.remove ?? []) delete tags[key];
      record.tags = tags;
      this.statements.prepare(`UPDATE ${TABLE[kind]} SET doc = ? WHERE id = ?`).run(JSON.stringify(record), id);
      return tags;
    });
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }

  private deleteOne(kind: ResourceKind, id: string): void {
    const { changes } = this.statements.prepare(`DELETE FROM ${TABLE[kind]} WHERE id = ?`).run(id);
    if (changes === 0) throw new KinoraError(NOT_FOUND[kind], `${NOUN[kind]} ${id} does not exist`, { subject: id });
  }

  private exists(kind: ResourceKind, id: string): boolean {
    return this.statements.prepare(`SELECT 1 FROM ${TABLE[kind]} WHERE id = ?`).get(id) !== undefined;
  }

  private count(sql: string, ...args: SQLInputValue[]): number {
    return Number((this.statements.prepare(sql).get(...args) as { n: number }).n);
  }

}
