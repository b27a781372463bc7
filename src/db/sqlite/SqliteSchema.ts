import type { SqliteMigration } from './SqliteMigration.ts';

/**
 * How a SQLite store versions its schema. Each store keeps the migrations
 * table it has always had, because data dirs already carry it: the catalog
 * and the job store (one file each) use `schema_migrations`, the event store
 * `event_store_migrations` (so its file could be shared with another store).
 * Every such table has the one layout
 * `(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`.
 */
export interface SqliteSchema {
  /** Name of the migrations table (an SQL identifier, not user input). */
  table: string;
  migrations: readonly SqliteMigration[];
  /**
   * Given, a recorded version that `migrations` does not know (a newer Kinora
   * migrated the file) is refused, the error naming the schema so
   * (`event store`); without it such versions are left alone, as the catalog
   * and the job store always have.
   */
  refuseNewerAs?: string;
}
