import type { PostgresMigration } from '../db/postgres/PostgresMigration.ts';

/**
 * The transcoding queue's schema in PostgreSQL, component `transcode` of
 * `schema_migrations`. Append new steps; never edit one that has shipped.
 * As in SQLite, a job is its JSON document plus the columns `claim` and
 * `list` filter and order on; the partial index holds only the jobs `claim`
 * may take (SUBMITTED, or PROGRESSING with a lease that may have expired), so
 * it stays small however many finished jobs the table keeps.
 */
export const postgresJobStoreMigrations: PostgresMigration[] = [
  {
    version: 1,
    name: 'jobs and watched sources',
    sql: `
      CREATE TABLE transcode_jobs (
        id text COLLATE "C" PRIMARY KEY,
        status text NOT NULL,
        created_at timestamptz NOT NULL,
        lease_owner text,
        lease_expires_at bigint,
        doc json NOT NULL
      );
      CREATE INDEX transcode_jobs_list ON transcode_jobs (created_at, id);
      CREATE INDEX transcode_jobs_status ON transcode_jobs (status, created_at, id);
      CREATE INDEX transcode_jobs_claimable ON transcode_jobs (created_at, id) WHERE status IN ('SUBMITTED', 'PROGRESSING');
      CREATE TABLE transcode_watched_sources (
        bucket text NOT NULL,
        key text NOT NULL,
        size bigint NOT NULL,
        last_modified_ms bigint NOT NULL,
        job_id text NOT NULL,
        PRIMARY KEY (bucket, key)
      );
    `,
  },
];
