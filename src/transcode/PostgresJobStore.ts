import type { Pool, PoolClient } from 'pg';
import { PostgresComponent } from '../db/postgres/PostgresComponent.ts';
import type { PostgresMigration } from '../db/postgres/PostgresMigration.ts';
import { withPostgresTransaction } from '../db/postgres/withPostgresTransaction.ts';
import { KinoraError } from '../errors/KinoraError.ts';
import type { OutputGroupDetail } from './JobStateChangeEvent.ts';
import type { JobStore } from './JobStore.ts';
import { postgresJobStoreMigrations } from './postgresJobStoreMigrations.ts';
import type { JobError, JobProgress, JobStatus, TranscodeJob, WatchedSource } from './TranscodeJob.ts';

/** Schema component of the transcoding queue in `schema_migrations`. */
const COMPONENT = 'transcode';

/**
 * The transcoding queue on PostgreSQL, shared by the workers of several
 * Kinora processes (`DATABASE_URL`; see docs/database.md).
 *
 * `claim` takes the oldest claimable job with `SELECT ... FOR UPDATE SKIP
 * LOCKED`: concurrent claimers, in any process, each lock a different row
 * and never wait on one another, and a row another claimer has just taken
 * is re-checked after its commit (no longer claimable) and passed over. The
 * lease is a deadline in epoch milliseconds read from the store's clock
 * (default `Date.now`), like the other adapters, so the hosts' clocks must
 * agree to well within a lease (NTP does). The other transitions lock the
 * job's row (`FOR UPDATE`) and check the lease holder before writing, so a
 * worker that lost its lease can never overwrite a result.
 */
export class PostgresJobStore implements JobStore {
  private readonly component: PostgresComponent;
  private readonly pool: Pool;
  private readonly now: () => number;

  private constructor(component: PostgresComponent, now: () => number) {
    this.component = component;
    this.pool = component.pool;
    this.now = now;
  }

  /**
   * Opens the store and migrates its schema. Given a URL, the store opens a
   * pool of its own and ends it on `close()`; given a pool (shared with other
   * stores), it leaves the pool to its owner.
   */
  static async open(db: string | Pool, options: { now?: () => number; migrations?: PostgresMigration[] } = {}): Promise<PostgresJobStore> {
    return new PostgresJobStore(await PostgresComponent.open(db, COMPONENT, options.migrations ?? postgresJobStoreMigrations), options.now ?? Date.now);
  }

  /** Versions applied to this database, in order (for diagnostics and tests). */
  schemaVersions(): Promise<number[]> {
    return this.component.schemaVersions();
  }

  async insert(job: TranscodeJob): Promise<void> {
    await insertRow(this.pool, job);
  }

  async insertForSource(job: TranscodeJob, source: WatchedSource): Promise<boolean> {
    return withPostgresTransaction(this.pool, async (client) => {
      // The upsert decides: it writes (and returns a row) only for a new file
      // or a changed one. A concurrent call for the same file waits on the
      // row, then finds it recorded and writes nothing.
      const recorded = await client.query(
        `INSERT INTO transcode_watched_sources (bucket, key, size, last_modified_ms, job_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (bucket, key) DO UPDATE SET size = excluded.size, last_modified_ms = excluded.last_modified_ms, job_id = excluded.job_id
         WHERE (transcode_watched_sources.size, transcode_watched_sources.last_modified_ms) IS DISTINCT FROM (excluded.size, excluded.last_modified_ms)
         RETURNING job_id`,
        [source.bucket, source.key, source.size, source.lastModifiedMs, source.jobId],
      );
      if (recorded.rowCount === 0) return false;
      await insertRow(client, job);
      return true;
    });
  }

  async getSource(bucket: string, key: string): Promise<WatchedSource | undefined> {
    const row = await this.pool.query<{ bucket: string; key: string; size: string; last_modified_ms: string; job_id: string }>(
      'SELECT bucket, key, size, last_modified_ms, job_id FROM transcode_watched_sources WHERE bucket = $1 AND key = $2',
      [bucket, key],
    );
    const r = row.rows[0];
    // bigint columns arrive as strings (node-postgres keeps 64-bit integers exact); sizes and times fit a double.
    return r ? { bucket: r.bucket, key: r.key, size: Number(r.size), lastModifiedMs: Number(r.last_modified_ms), jobId: r.job_id } : undefined;
  }

  async get(id: string): Promise<TranscodeJob | undefined> {
    const row = await this.pool.query<{ doc: TranscodeJob }>('SELECT doc FROM transcode_jobs WHERE id = $1', [id]);
    return row.rows[0]?.doc;
  }

  async list(filter: { status?: JobStatus; limit?: number } = {}): Promise<TranscodeJob[]> {
    const rows = await this.pool.query<{ doc: TranscodeJob }>(
      'SELECT doc FROM transcode_jobs WHERE ($1::text IS NULL OR status = $1) ORDER BY created_at DESC, id DESC LIMIT $2',
      [filter.status ?? null, filter.limit ?? null],
    );
    return rows.rows.map((r) => r.doc);
  }

  async claim(workerId: string, leaseMs: number): Promise<TranscodeJob | undefined> {
    return withPostgresTransaction(this.pool, async (client) => {
      const now = this.now();
      const row = await client.query<{ doc: TranscodeJob }>(
        `SELECT doc FROM transcode_jobs
          WHERE status = 'SUBMITTED' OR (status = 'PROGRESSING' AND lease_expires_at <= $1)
          ORDER BY created_at, id LIMIT 1
          FOR UPDATE SKIP LOCKED`,
        [now],
      );
      const job = row.rows[0]?.doc;
      if (!job) return undefined;
      job.status = 'PROGRESSING';
      job.attempts += 1;
      job.startedAt ??= new Date(now).toISOString();
      job.lease = { workerId, expiresAt: now + leaseMs };
      delete job.progress;
      await updateRow(client, job);
      return job;
    });
  }

  async heartbeat(id: string, workerId: string, leaseMs: number, progress?: JobProgress): Promise<boolean> {
    return withPostgresTransaction(this.pool, async (client) => {
      const job = await held(client, id, workerId);
      if (!job) return false;
      job.lease = { workerId, expiresAt: this.now() + leaseMs };
      if (progress) job.progress = { ...progress };
      await updateRow(client, job);
      return true;
    });
  }

  async complete(id: string, workerId: string, outputGroupDetails: OutputGroupDetail[]): Promise<TranscodeJob | undefined> {
    return withPostgresTransaction(this.pool, async (client) => {
      const job = await held(client, id, workerId);
      if (!job) return undefined;
      job.status = 'COMPLETE';
      job.outputGroupDetails = outputGroupDetails;
      job.progress = { currentPhase: 'UPLOADING', jobPercentComplete: 100, phasePercentComplete: 100, ...(job.progress?.framesDecoded !== undefined ? { framesDecoded: job.progress.framesDecoded } : {}) };
      this.finish(job);
      await updateRow(client, job);
      return job;
    });
  }

  async fail(id: string, workerId: string, error: JobError): Promise<TranscodeJob | undefined> {
    return withPostgresTransaction(this.pool, async (client) => {
      const job = await held(client, id, workerId);
      if (!job) return undefined;
      job.status = 'ERROR';
      job.error = { ...error };
      this.finish(job);
      await updateRow(client, job);
      return job;
    });
  }

  async release(id: string, workerId: string): Promise<boolean> {
    return withPostgresTransaction(this.pool, async (client) => {
      const job = await held(client, id, workerId);
      if (!job) return false;
      job.lease = { workerId, expiresAt: this.now() };
      await updateRow(client, job);
      return true;
    });
  }

  async cancel(id: string): Promise<{ job: TranscodeJob; canceled: boolean } | undefined> {
    return withPostgresTransaction(this.pool, async (client) => {
      // Waits for a claim of this job in flight, then sees its outcome.
      const row = await client.query<{ doc: TranscodeJob }>('SELECT doc FROM transcode_jobs WHERE id = $1 FOR UPDATE', [id]);
      const job = row.rows[0]?.doc;
      if (!job) return undefined;
      if (job.status !== 'SUBMITTED' && job.status !== 'PROGRESSING') return { job, canceled: false };
      job.status = 'CANCELED';
      this.finish(job);
      await updateRow(client, job);
      return { job, canceled: true };
    });
  }

  close(): Promise<void> {
    return this.component.close();
  }

  private finish(job: TranscodeJob): void {
    job.finishedAt = new Date(this.now()).toISOString();
    delete job.lease;
  }
}

async function insertRow(db: Pool | PoolClient, job: TranscodeJob): Promise<void> {
  const inserted = await db.query(
    `INSERT INTO transcode_jobs (id, status, created_at, lease_owner, lease_expires_at, doc) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (id) DO NOTHING`,
    [job.id, job.status, job.createdAt, job.lease?.workerId ?? null, job.lease?.expiresAt ?? null, JSON.stringify(job)],
  );
  if (inserted.rowCount === 0) throw new KinoraError('ALREADY_EXISTS', `transcode job ${job.id} already exists`, { subject: job.id });
}

async function updateRow(client: PoolClient, job: TranscodeJob): Promise<void> {
  await client.query('UPDATE transcode_jobs SET status = $1, lease_owner = $2, lease_expires_at = $3, doc = $4 WHERE id = $5', [
    job.status, job.lease?.workerId ?? null, job.lease?.expiresAt ?? null, JSON.stringify(job), job.id,
  ]);
}

/** The job, locked for the transaction, if `workerId` holds it PROGRESSING. */
async function held(client: PoolClient, id: string, workerId: string): Promise<TranscodeJob | undefined> {
  const row = await client.query<{ doc: TranscodeJob }>(
    "SELECT doc FROM transcode_jobs WHERE id = $1 AND status = 'PROGRESSING' AND lease_owner = $2 FOR UPDATE",
    [id, workerId],
  );
  return row.rows[0]?.doc;
}
