import type { Pool, PoolClient } from 'pg';

/** Versions of `component` recorded in `schema_migrations`, ascending; empty when the table does not exist yet. */
export async function listSchemaVersions(db: Pool | PoolClient, component: string): Promise<number[]> {
  const table = await db.query<{ exists: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS exists");
  if (!table.rows[0].exists) return [];
  const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations WHERE component = $1 ORDER BY version', [component]);
  return rows.rows.map((r) => r.version);
}
