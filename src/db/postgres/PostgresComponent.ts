import type { Pool } from 'pg';
import { listSchemaVersions } from './listSchemaVersions.ts';
import { migratePostgres } from './migratePostgres.ts';
import { openPostgresPool } from './openPostgresPool.ts';
import type { PostgresMigration } from './PostgresMigration.ts';

/**
 * One component's hold on PostgreSQL (`catalog`, `events`, `transcode`): its
 * pool and its schema, kept in `schema_migrations` under its name. The
 * PostgreSQL stores share this open / own-or-borrow / migrate / close
 * sequence so that they cannot drift apart on who ends a pool: a store
 * given a URL owns the pool it opens, one given a pool (one per process,
 * shared by every store: `DATABASE_URL`, docs/database.md) borrows it and
 * leaves it to its owner.
 */
export class PostgresComponent {
  /** The pool to query; owned or borrowed, it is ended only by `close()` of an owner. */
  readonly pool: Pool;
  /** The component's name in `schema_migrations`. */
  readonly name: string;
  private readonly ownsPool: boolean;
  private closed = false;

  private constructor(pool: Pool, name: string, ownsPool: boolean) {
    this.pool = pool;
    this.name = name;
    this.ownsPool = ownsPool;
  }

  /**
   * Opens a pool on `db` when it is a URL (else borrows the pool given) and
   * migrates `name`'s schema with `migratePostgres`. When the migration fails,
   * a pool opened here is ended before the error is thrown.
   */
  static async open(db: string | Pool, name: string, migrations: PostgresMigration[]): Promise<PostgresComponent> {
    const ownsPool = typeof db === 'string';
    const pool = typeof db === 'string' ? openPostgresPool(db) : db;
    try {
      await migratePostgres(pool, name, migrations);
    } catch (e) {
      if (ownsPool) await pool.end();
      throw e;
    }
    return new PostgresComponent(pool, name, ownsPool);
  }

  /** Schema versions applied to this database for the component, ascending. */
  schemaVersions(): Promise<number[]> {
    return listSchemaVersions(this.pool, this.name);
  }

  /** Ends the pool if the component opened it; a borrowed pool is left open. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsPool) await this.pool.end();
  }
}
