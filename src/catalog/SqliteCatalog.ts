import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Catalog } from './Catalog.ts';
import type { AssetRecord, AssetStatus, PackagingConfigurationRecord, PackagingGroupRecord } from './records.ts';

/**
 * Embedded catalog on Node's built-in SQLite (`node:sqlite`, no native
 * addon to build). Each record is stored as its JSON document plus the
 * columns it is looked up by. WAL mode lets the CLI register assets while a
 * server reads the same file.
 */
export class SqliteCatalog implements Catalog {
  private readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new DatabaseSync(path);
    this.db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA busy_timeout = 5000;
      CREATE TABLE IF NOT EXISTS packaging_groups (id TEXT PRIMARY KEY, hash TEXT UNIQUE NOT NULL, doc TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS packaging_configurations (id TEXT PRIMARY KEY, group_id TEXT NOT NULL, hash TEXT UNIQUE NOT NULL, doc TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS assets (id TEXT PRIMARY KEY, group_id TEXT NOT NULL, hash TEXT UNIQUE NOT NULL, doc TEXT NOT NULL, source_index BLOB);
    `);
  }

  async putGroup(g: PackagingGroupRecord): Promise<void> {
    this.statement('INSERT INTO packaging_groups (id, hash, doc) VALUES (?, ?, ?)').run(g.id, g.hash, JSON.stringify(g));
  }
  async getGroup(id: string) {
    return this.one<PackagingGroupRecord>('SELECT doc FROM packaging_groups WHERE id = ?', id);
  }
  async getGroupByHash(hash: string) {
    return this.one<PackagingGroupRecord>('SELECT doc FROM packaging_groups WHERE hash = ?', hash);
  }
  async listGroups() {
    return this.many<PackagingGroupRecord>('SELECT doc FROM packaging_groups ORDER BY id');
  }

  async putConfiguration(c: PackagingConfigurationRecord): Promise<void> {
    this.statement('INSERT INTO packaging_configurations (id, group_id, hash, doc) VALUES (?, ?, ?, ?)').run(c.id, c.packagingGroupId, c.hash, JSON.stringify(c));
  }
  async getConfiguration(id: string) {
    return this.one<PackagingConfigurationRecord>('SELECT doc FROM packaging_configurations WHERE id = ?', id);
  }
  async getConfigurationByHash(hash: string) {
    return this.one<PackagingConfigurationRecord>('SELECT doc FROM packaging_configurations WHERE hash = ?', hash);
  }
  async listConfigurations(groupId?: string) {
    return groupId === undefined
      ? this.many<PackagingConfigurationRecord>('SELECT doc FROM packaging_configurations ORDER BY id')
      : this.many<PackagingConfigurationRecord>('SELECT doc FROM packaging_configurations WHERE group_id = ? ORDER BY id', groupId);
  }

  async putAsset(a: AssetRecord): Promise<void> {
    this.statement('INSERT INTO assets (id, group_id, hash, doc) VALUES (?, ?, ?, ?)').run(a.id, a.packagingGroupId, a.hash, JSON.stringify(a));
  }
  async getAsset(id: string) {
    return this.one<AssetRecord>('SELECT doc FROM assets WHERE id = ?', id);
  }
  async getAssetByHash(hash: string) {
    return this.one<AssetRecord>('SELECT doc FROM assets WHERE hash = ?', hash);
  }
  async listAssets(groupId?: string) {
    return groupId === undefined
      ? this.many<AssetRecord>('SELECT doc FROM assets ORDER BY id')
      : this.many<AssetRecord>('SELECT doc FROM assets WHERE group_id = ? ORDER BY id', groupId);
  }
  async setAssetStatus(id: string, status: AssetStatus, reason?: string): Promise<void> {
    const a = await this.getAsset(id);
    if (!a) return;
    const next: AssetRecord = { ...a, status, statusReason: reason };
    if (reason === undefined) delete next.statusReason;
    this.statement('UPDATE assets SET doc = ? WHERE id = ?').run(JSON.stringify(next), id);
  }
  async putAssetIndex(id: string, index: Uint8Array): Promise<void> {
    this.statement('UPDATE assets SET source_index = ? WHERE id = ?').run(index, id);
  }
  async getAssetIndex(id: string): Promise<Uint8Array | undefined> {
    const row = this.statement('SELECT source_index FROM assets WHERE id = ?').get(id) as { source_index: Uint8Array | null } | undefined;
    return row?.source_index ?? undefined;
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
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

  private one<T>(sql: string, ...args: string[]): T | undefined {
    const row = this.statement(sql).get(...args) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as T) : undefined;
  }
  private many<T>(sql: string, ...args: string[]): T[] {
    return (this.statement(sql).all(...args) as { doc: string }[]).map((r) => JSON.parse(r.doc) as T);
  }
}
