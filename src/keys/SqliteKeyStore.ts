import { DatabaseSync } from 'node:sqlite';
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { KinoraError } from '../errors/KinoraError.ts';
import type { KeyStore } from './KeyStore.ts';
import type { StoredKey } from './StoredKey.ts';
import { keyStoreMigrations } from './keyStoreMigrations.ts';
import { openSealedKey, sealKey } from './sealKey.ts';
import { hexFromBytes } from '../media/cenc/hexFromBytes.ts';

/**
 * Content keys in their own SQLite file (`<data>/keys.sqlite`, mode 0600),
 * apart from the catalog so a catalog backup or copy does not carry keys.
 * The key and IV of each row are sealed with AES-256-GCM under the master
 * key (`sealKey`); the key ID, and the public signalling a key server gave
 * with a key (`meta`), are stored clear since manifests publish them.
 */
export class SqliteKeyStore implements KeyStore {
  private readonly db: DatabaseSync;
  private readonly masterKey: Uint8Array;

  constructor(path: string, masterKey: Uint8Array) {
    if (masterKey.byteLength !== 32) throw new KinoraError('KEY_PROVIDER_ERROR', `the key store master key must be 32 bytes, found ${masterKey.byteLength}`);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new DatabaseSync(path);
    if (path !== ':memory:') chmodSync(path, 0o600);
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000;');
    this.masterKey = masterKey;
    this.migrate();
  }

  /** Versions applied so far, ascending. */
  schemaVersions(): number[] {
    return (this.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version);
  }

  async get(name: string): Promise<StoredKey | undefined> {
    const row = this.db.prepare('SELECT kid, sealed, created_at, meta FROM content_keys WHERE name = ?').get(name) as { kid: Uint8Array; sealed: Uint8Array; created_at: string; meta: string | null } | undefined;
    if (!row) return undefined;
    const kid = new Uint8Array(row.kid);
    const plain = openSealedKey(this.masterKey, new Uint8Array(row.sealed), contextOf(name, kid, row.meta ?? undefined));
    if (plain.byteLength !== 32) throw new KinoraError('KEY_PROVIDER_ERROR', `the key store holds ${plain.byteLength} bytes for ${name}, expected a 16-byte key and a 16-byte IV`);
    const stored: StoredKey = { kid, key: plain.slice(0, 16), iv: plain.slice(16, 32), createdAt: row.created_at };
    if (row.meta !== null) stored.meta = row.meta;
    return stored;
  }

  async putIfAbsent(name: string, key: StoredKey): Promise<StoredKey> {
    const plain = new Uint8Array(32);
    plain.set(key.key, 0);
    plain.set(key.iv, 16);
    this.db
      .prepare('INSERT INTO content_keys (name, kid, sealed, created_at, meta) VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING')
      .run(name, key.kid, sealKey(this.masterKey, plain, contextOf(name, key.kid, key.meta)), key.createdAt, key.meta ?? null);
    const stored = await this.get(name);
    if (!stored) throw new KinoraError('KEY_PROVIDER_ERROR', `the key store lost the key of ${name} just written`);
    return stored;
  }

  async close(): Promise<void> {
    this.db.close();
  }

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const applied = new Set(this.schemaVersions());
    for (const m of keyStoreMigrations) {
      if (applied.has(m.version)) continue;
      this.db.exec('BEGIN IMMEDIATE');
      try {
        this.db.exec(m.sql);
        this.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
        this.db.exec('COMMIT');
      } catch (e) {
        this.db.exec('ROLLBACK');
        throw e;
      }
    }
  }
}

/** What the seal authenticates besides the key: the row's name, key ID and signalling, so none can be swapped for another row's. */
function contextOf(name: string, kid: Uint8Array, meta?: string): string {
  const base = `kinora content key ${name} ${hexFromBytes(kid)}`;
  return meta === undefined ? base : `${base}\n${meta}`;
}
