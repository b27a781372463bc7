/**
 * One schema step of a component kept in PostgreSQL (`events`, `transcode`,
 * ...). A component's steps are applied in version order, each once, and
 * recorded in `schema_migrations` under (component, version). Append new
 * steps; never edit one that has shipped.
 */
export interface PostgresMigration {
  version: number;
  name: string;
  /** One or more statements; they run inside the migration's transaction (so no `CREATE INDEX CONCURRENTLY`). */
  sql: string;
}
