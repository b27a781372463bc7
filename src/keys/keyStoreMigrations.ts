/**
 * The key store schema as numbered, append-only migrations (as the catalog
 * does): `SqliteKeyStore` applies those not yet in `schema_migrations`, each
 * in its own transaction. Never edit an applied migration: append one.
 */
export const keyStoreMigrations: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'content keys sealed with the master key',
    sql: `
      CREATE TABLE content_keys (
        name TEXT PRIMARY KEY,
        kid BLOB NOT NULL,
        sealed BLOB NOT NULL,
        created_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'public signalling kept with keys from a key server',
    sql: 'ALTER TABLE content_keys ADD COLUMN meta TEXT;',
  },
];
