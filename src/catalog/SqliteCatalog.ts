import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { KinoraError } from '../errors/KinoraError.ts';
import type { Catalog, CatalogPage, ResourceKind } from './Catalog.ts';
import type { AssetRecord, AssetStatus, CdnAuthorization, EgressAccessLogs, PackagingConfigurationRecord, PackagingGroupRecord } from './records.ts';
import { sqliteMigrations } from './sqliteMigrations.ts';

const TABLE: Record<ResourceKind, string> = { group: 'packaging_groups', configuration: 'packaging_configurations', asset: 'assets' };
const NOT_FOUND = { group: 'GROUP_NOT_FOUND', configuration: 'CONFIGURATION_NOT_FOUND', asset: 'ASSET_NOT_FOUND' } as const;
const NOUN: Record<ResourceKind, string> = { group: 'packaging group', configuration: 'packaging configuration', asset: 'asset' };

/**
 * Embedded catalog on Node's built-in SQLite (`node:sqlite`, no native
 * addon to build). Each record is stored as its JSON document plus the
 * columns it is looked up by. WAL mode lets the CLI register assets while a
 * server reads the same file. Checked writes run in `BEGIN IMMEDIATE`
 * transactions: they take the write lock first, so a check and its insert
 * are atomic across processes too. Schema: `sqliteMigrations`.
 */
export class SqliteCatalog implements Catalog {
  private readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new DatabaseSync(path);
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000;');
    this.migrate();
  }

  /** Versions applied so far, ascending. */
  schemaVersions(): number[] {
    return (this.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version);
  }

  async putGroup(g: PackagingGroupRecord, guard: { maxGroups?: number } = {}): Promise<void> {
    this.transaction(() => {
      if (this.exists('group', g.id)) throw new KinoraError('ALREADY_EXISTS', `packaging group ${g.id} already exists`, { subject: g.id });
      if (guard.maxGroups !== undefined && this.count('SELECT COUNT(*) AS n FROM packaging_groups') >= guard.maxGroups) {
        throw new KinoraError('QUOTA_EXCEEDED', `the quota of ${guard.maxGroups} packaging groups is reached`, { subject: g.id });
      }
      this.statement('INSERT INTO packaging_groups (id, hash, doc) VALUES (?, ?, ?)').run(g.id, g.hash, JSON.stringify(g));
    });
  }
  async getGroup(id: string) {
    return this.one<PackagingGroupRecord>('SELECT doc FROM packaging_groups WHERE id = ?', id);
  }
  async getGroupByHash(hash: string) {
    return this.one<PackagingGroupRecord>('SELECT doc FROM packaging_groups WHERE hash = ?', hash);
  }
  async listGroups(page: CatalogPage = {}) {
    return this.many<PackagingGroupRecord>('SELECT doc FROM packaging_groups WHERE id > ? ORDER BY id LIMIT ?', page.afterId ?? '', page.limit ?? -1);
  }
  async updateGroup(id: string, patch: { authorization?: CdnAuthorization | null; egressAccessLogs?: EgressAccessLogs | null }): Promise<PackagingGroupRecord> {
    return this.transaction(() => {
      const group = this.one<PackagingGroupRecord>('SELECT doc FROM packaging_groups WHERE id = ?', id);
      if (!group) throw new KinoraError('GROUP_NOT_FOUND', `packaging group ${id} does not exist`, { subject: id });
      for (const key of ['authorization', 'egressAccessLogs'] as const) {
        if (patch[key] === null) delete group[key];
        else if (patch[key] !== undefined) (group as any)[key] = patch[key];
      }
      this.statement('UPDATE packaging_groups SET doc = ? WHERE id = ?').run(JSON.stringify(group), id);
      return group;
    });
  }
  async deleteGroup(id: string): Promise<void> {
    this.transaction(() => {
      if (!this.exists('group', id)) throw new KinoraError('GROUP_NOT_FOUND', `packaging group ${id} does not exist`, { subject: id });
      const configurations = this.count('SELECT COUNT(*) AS n FROM packaging_configurations WHERE group_id = ?', id);
      const assets = this.count('SELECT COUNT(*) AS n FROM assets WHERE group_id = ?', id);
      if (configurations + assets > 0) {
        throw new KinoraError('RESOURCE_IN_USE', `packaging group ${id} still has ${configurations} packaging configuration(s) and ${assets} asset(s); delete them first`, { subject: id });
      }
      this.statement('DELETE FROM packaging_groups WHERE id = ?').run(id);
    });
  }
  async countGroups() {
    return this.count('SELECT COUNT(*) AS n FROM packaging_groups');
  }

  async putConfiguration(c: PackagingConfigurationRecord, guard: { maxPerGroup?: number } = {}): Promise<void> {
    this.transaction(() => {
      if (this.exists('configuration', c.id)) throw new KinoraError('ALREADY_EXISTS', `packaging configuration ${c.id} already exists`, { subject: c.id });
      if (!this.exists('group', c.packagingGroupId)) throw new KinoraError('GROUP_NOT_FOUND', `packaging group ${c.packagingGroupId} does not exist`, { subject: c.packagingGroupId });
      if (guard.maxPerGroup !== undefined && this.count('SELECT COUNT(*) AS n FROM packaging_configurations WHERE group_id = ?', c.packagingGroupId) >= guard.maxPerGroup) {
        throw new KinoraError('QUOTA_EXCEEDED', `packaging group ${c.packagingGroupId} already has the quota of ${guard.maxPerGroup} packaging configurations`, { subject: c.id });
      }
      this.statement('INSERT INTO packaging_configurations (id, group_id, hash, doc) VALUES (?, ?, ?, ?)').run(c.id, c.packagingGroupId, c.hash, JSON.stringify(c));
    });
  }
  async getConfiguration(id: string) {
    return this.one<PackagingConfigurationRecord>('SELECT doc FROM packaging_configurations WHERE id = ?', id);
  }
  async getConfigurationByHash(hash: string) {
    return this.one<PackagingConfigurationRecord>('SELECT doc FROM packaging_configurations WHERE hash = ?', hash);
  }
  async listConfigurations(groupId?: string, page: CatalogPage = {}) {
    return groupId === undefined
      ? this.many<PackagingConfigurationRecord>('SELECT doc FROM packaging_configurations WHERE id > ? ORDER BY id LIMIT ?', page.afterId ?? '', page.limit ?? -1)
      : this.many<PackagingConfigurationRecord>('SELECT doc FROM packaging_configurations WHERE group_id = ? AND id > ? ORDER BY id LIMIT ?', groupId, page.afterId ?? '', page.limit ?? -1);
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
    this.transaction(() => {
      if (this.exists('asset', a.id)) throw new KinoraError('ALREADY_EXISTS', `asset ${a.id} already exists`, { subject: a.id });
      if (!this.exists('group', a.packagingGroupId)) throw new KinoraError('GROUP_NOT_FOUND', `packaging group ${a.packagingGroupId} does not exist`, { subject: a.packagingGroupId });
      if (guard.maxPerGroup !== undefined && this.count('SELECT COUNT(*) AS n FROM assets WHERE group_id = ?', a.packagingGroupId) >= guard.maxPerGroup) {
        throw new KinoraError('QUOTA_EXCEEDED', `packaging group ${a.packagingGroupId} already has the quota of ${guard.maxPerGroup} assets`, { subject: a.id });
      }
      this.statement('INSERT INTO assets (id, group_id, hash, doc, status) VALUES (?, ?, ?, ?, ?)').run(a.id, a.packagingGroupId, a.hash, JSON.stringify(a), a.status);
    });
  }
  async getAsset(id: string) {
    return this.one<AssetRecord>('SELECT doc FROM assets WHERE id = ?', id);
  }
  async getAssetByHash(hash: string) {
    return this.one<AssetRecord>('SELECT doc FROM assets WHERE hash = ?', hash);
  }
  async listAssets(groupId?: string, page: CatalogPage = {}) {
    return groupId === undefined
      ? this.many<AssetRecord>('SELECT doc FROM assets WHERE id > ? ORDER BY id LIMIT ?', page.afterId ?? '', page.limit ?? -1)
      : this.many<AssetRecord>('SELECT doc FROM assets WHERE group_id = ? AND id > ? ORDER BY id LIMIT ?', groupId, page.afterId ?? '', page.limit ?? -1);
  }
  async listAssetsByStatus(statuses: AssetStatus[]) {
    if (statuses.length === 0) return [];
    return this.many<AssetRecord>(`SELECT doc FROM assets WHERE status IN (${statuses.map(() => '?').join(', ')}) ORDER BY json_extract(doc, '$.createdAt'), id`, ...statuses);
  }
  async deleteAsset(id: string): Promise<void> {
    this.deleteOne('asset', id);
  }
  async countAssets(groupId?: string) {
    return groupId === undefined ? this.count('SELECT COUNT(*) AS n FROM assets') : this.count('SELECT COUNT(*) AS n FROM assets WHERE group_id = ?', groupId);
  }
  async countAssetsByStatus(): Promise<Record<AssetStatus, number>> {
    const out: Record<AssetStatus, number> = { QUEUED: 0, PROCESSING: 0, PLAYABLE: 0, FAILED: 0 };
    for (const row of this.statement('SELECT status, COUNT(*) AS n FROM assets GROUP BY status').all() as { status: AssetStatus; n: number }[]) out[row.status] = row.n;
    return out;
  }
  async setAssetStatus(id: string, status: AssetStatus, reason?: string): Promise<void> {
    this.transaction(() => {
      const a = this.one<AssetRecord>('SELECT doc FROM assets WHERE id = ?', id);
      if (!a) return;
      const next: AssetRecord = { ...a, status, statusReason: reason };
      if (reason === undefined) delete next.statusReason;
      this.statement('UPDATE assets SET doc = ?, status = ? WHERE id = ?').run(JSON.stringify(next), status, id);
    });
  }
  async putAssetIndex(id: string, index: Uint8Array): Promise<void> {
    this.statement('UPDATE assets SET source_index = ? WHERE id = ?').run(index, id);
  }
  async getAssetIndex(id: string): Promise<Uint8Array | undefined> {
    const row = this.statement('SELECT source_index FROM assets WHERE id = ?').get(id) as { source_index: Uint8Array | null } | undefined;
    return row?.source_index ?? undefined;
  }

  async updateTags(kind: ResourceKind, id: string, change: { set?: Record<string, string>; remove?: string[] }): Promise<Record<string, string>> {
    return this.transaction(() => {
      const record = this.one<{ tags?: Record<string, string> }>(`SELECT doc FROM ${TABLE[kind]} WHERE id = ?`, id);
      if (!record) throw new KinoraError(NOT_FOUND[kind], `${NOUN[kind]} ${id} does not exist`, { subject: id });
      const tags = { ...record.tags, ...change.set };
      for (const key of change.remove ?? []) delete tags[key];
      record.tags = tags;
      this.statement(`UPDATE ${TABLE[kind]} SET doc = ? WHERE id = ?`).run(JSON.stringify(record), id);
      return tags;
    });
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    for (const m of sqliteMigrations) {
      // Checked again inside the write lock: two processes opening a new data dir at once apply each migration once.
      this.transaction(() => {
        if (this.db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(m.version)) return;
        this.db.exec(m.sql);
        this.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
      });
    }
  }

  /** Runs `work` (synchronous SQL only) holding the write lock; rolls back if it throws. */
  private transaction<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (e) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw e;
    }
  }

  private deleteOne(kind: ResourceKind, id: string): void {
    const { changes } = this.statement(`DELETE FROM ${TABLE[kind]} WHERE id = ?`).run(id);
    if (changes === 0) throw new KinoraError(NOT_FOUND[kind], `${NOUN[kind]} ${id} does not exist`, { subject: id });
  }

  private exists(kind: ResourceKind, id: string): boolean {
    return this.statement(`SELECT 1 FROM ${TABLE[kind]} WHERE id = ?`).get(id) !== undefined;
  }

  private count(sql: string, ...args: SQLInputValue[]): number {
    return Number((this.statement(sql).get(...args) as { n: number }).n);
  }

  /** Statements are prepared once per SQL text: lookups by hash sit on the origin's hot path. */
  private statement(sql: string): StatementSync {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  private one<T>(sql: string, ...args: SQLInputValue[]): T | undefined {
    const row = this.statement(sql).get(...args) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as T) : undefined;
  }
  private many<T>(sql: string, ...args: SQLInputValue[]): T[] {
    return (this.statement(sql).all(...args) as { doc: string }[]).map((r) => JSON.parse(r.doc) as T);
  }
}
