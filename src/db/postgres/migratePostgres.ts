import type { Pool } from 'pg';
import { KinoraError } from '../../errors/KinoraError.ts';
import type { PostgresMigration } from './PostgresMigration.ts';
import { listSchemaVersions } from './listSchemaVersions.ts';
import { withPostgresTransaction } from './withPostgresTransaction.ts';

/**
 * Key of the transaction-level advisory lock every Kinora migration takes
 * (`pg_advisory_xact_lock(int, int)`: "KINO", 1). One key for all
 * components, because creating `schema_migrations` itself must be serialized:
 * two concurrent `CREATE TABLE IF NOT EXISTS` can both miss the table and one
 * then fails on the catalog's unique index.
 */
const LOCK_CLASS = 0x4b494e4f;
const LOCK_MIGRATIONS = 1;

/**
 * Brings `component`'s schema up to date and returns its versions. All the
 * component's pending migrations run in one transaction holding the advisory
 * lock, so several Kinora processes starting together on one database apply
 * each migration once: the others wait, then find it recorded. A migration
 * that fails rolls the whole run back. A database with a version this Kinora
 * does not know (a newer Kinora migrated it) is refused rather than used.
 */
export async function migratePostgres(pool: Pool, component: string, migrations: PostgresMigration[]): Promise<number[]> {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  return withPostgresTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_CLASS, LOCK_MIGRATIONS]);
    await client.query(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        component text NOT NULL,
        version integer NOT NULL,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (component, version)
      )`);
    const applied = new Set(await listSchemaVersions(client, component));
    const known = new Set(ordered.map((m) => m.version));
    const unknown = [...applied].filter((v) => !known.has(v));
    if (unknown.length > 0) {
      throw new KinoraError(
        'INTERNAL',
        `${component} schema version ${Math.max(...unknown)} in PostgreSQL is newer than this Kinora knows (${Math.max(0, ...known)}); upgrade Kinora`,
        { subject: component },
      );
    }
    for (const m of ordered) {
      if (applied.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (component, version, name) VALUES ($1, $2, $3)', [component, m.version, m.name]);
    }
    return listSchemaVersions(client, component);
  });
}
