/**
 * One schema step of a store kept in SQLite (`SqliteCatalog`,
 * `SqliteEventStore`, `SqliteJobStore`). A store's steps are applied in
 * version order, each once, and recorded in its migrations table (see
 * `SqliteSchema`). Append new steps; never edit one that has shipped: data
 * dirs made by an earlier Kinora must open with any later one.
 */
export interface SqliteMigration {
  version: number;
  name: string;
  /** One or more statements; they run inside the migration's `BEGIN IMMEDIATE` transaction. */
  sql: string;
}
