import type { DatabaseSync } from 'node:sqlite';
import { listSqliteSchemaVersions } from '../db/sqlite/listSqliteSchemaVersions.ts';
import { openSqliteDatabase } from '../db/sqlite/openSqliteDatabase.ts';
import type { SqliteMigration } from '../db/sqlite/SqliteMigration.ts';
import type { SqliteSchema } from '../db/sqlite/SqliteSchema.ts';
import { SqliteStatements } from '../db/sqlite/SqliteStatements.ts';
import { withSqliteTransaction } from '../db/sqlite/withSqliteTransaction.ts';
import { KinoraError } from '../errors/KinoraError.ts';
import type { JobStore } from './JobStore.ts';
import type { OutputGroupDetail } from './JobStateChangeEvent.ts';
import type { JobError, JobProgress, JobStatus, TranscodeJob, WatchedSource } from './TranscodeJob.ts';

/** Schema changes, applied in order once each; append, never edit a shipped one. */
const migrations: SqliteMigration[] = [
  {
    version: 1,
    name: 'jobs and watched sources',
    sql: `
      CREATE TABLE transcode_jobs (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        lease_owner TEXT,
        lease_expires_at INTEGER,
        doc TEXT NOT NULL
      );
      CREATE INDEX transcode_jobs_claim ON transcode_jobs (status, created_at, id);
      CREATE TABLE watched_sources (
        bucket TEXT NOT NULL,
        key TEXT NOT NULL,
        size INTEGER NOT NULL,
        last_modified_ms INTEGER NOT NULL,
        job_id TEXT NOT NULL,
        PRIMARY KEY (bucket, key)
      );
    `,
  },
];

/** The job store's file is its own (`transcode.sqlite`), so its versions sit in the plain `schema_migrations`. */
const SCHEMA: SqliteSchema = { table: 'schema_migrations', migrations };

/**
 * Embedded `JobStore` on Node's built-in SQLite, in a file of its own in the
 * data dir (`transcode.sqlite`), so the queue never contends with the
 * catalog. Each job is its JSON document plus the columns `claim` filters
 * on. Every read-modify-write runs in a `BEGIN IMMEDIATE` transaction, which
 * takes SQLite's write lock up front: two processes sharing the file (the
 * server and `kinora transcode`) can never claim the same job.
 * Opened and migrated by `openSqliteDatabase`; schema versions are recorded
 * in `schema_migrations`.
 */
export class SqliteJobStore implements JobStore {
  private readonly db: DatabaseSync;
  private readonly now: () => number;
  private readonly statements: SqliteStatements;

  constructor(path: string, options: { now?: () => number } = {}) {
    this.now = options.now ?? Date.now;
    this.db = openSqliteDatabase(path, SCHEMA);
    this.statements = new SqliteStatements(this.db);
  }

  /** Versions applied to this database, in order (for diagnostics and tests). */
  schemaVersions(): number[] {
    return listSqliteSchemaVersions(this.db, SCHEMA.table);
  }

  async insert(job: TranscodeJob): Promise<void> {
    withSqliteTransaction(this.db, () => this.insertRow(job));
  }

  async insertForSource(job: TranscodeJob, source: WatchedSource): Promise<boolean> {
    return withSqliteTransaction(this.db, () => {
      const known = this.sourceRow(source.bucket, source.key);
      if (known && known.size === source.size && known.lastModifiedMs === source.lastModifiedMs) return false;
      this.insertRow(job);
      this.statements.prepare('INSERT OR REPLACE INTO watched_sources (bucket, key, size, last_modified_ms, job_id) VALUES (?, ?, ?, ?, ?)').run(
        source.bucket, source.key, source.size, source.lastModifiedMs, source.jobId,
      );
      return true;
    });
  }

  async getSource(bucket: string, key: string): Promise<WatchedSource | undefined> {
    return this.sourceRow(bucket, key);
  }

  async get(id: string): Promise<TranscodeJob | undefined> {
    return this.statements.one<TranscodeJob>('SELECT doc FROM transcode_jobs WHERE id = ?', id);
  }

  async list(filter: { status?: JobStatus; limit?: number } = {}): Promise<TranscodeJob[]> {
    const limit = filter.limit ?? -1;
    return filter.status === undefined
      ? this.statements.many<TranscodeJob>('SELECT doc FROM transcode_jobs ORDER BY created_at DESC, id DESC LIMIT ?', limit)
      : this.statements.many<TranscodeJob>('SELECT doc FROM transcode_jobs WHERE status = ? ORDER BY created_at DESC, id DESC LIMIT ?', filter.status, limit);
  }

  async claim(workerId: string, leaseMs: number): Promise<TranscodeJob | undefined> {
    return withSqliteTransaction(this.db, () => {
      const now = this.now();
      const job = this.statements.one<TranscodeJob>(
        `SELECT doc FROM transcode_jobs
          WHERE status = 'SUBMITTED' OR (status = 'PROGRESSING' AND lease_expires_at <= ?)
          ORDER BY created_at, id LIMIT 1`,
        now,
      );
      if (!job) return undefined;
      job.status = 'PROGRESSING';
      job.attempts += 1;
      job.startedAt ??= new Date(now).toISOString();
      job.lease = { workerId, expiresAt: now + leaseMs };
      delete job.progress;
      this.updateRow(job);
      return job;
    });
  }

  async heartbeat(id: string, workerId: string, leaseMs: number, progress?: JobProgress): Promise<boolean> {
    return withSqliteTransaction(this.db, () => {
      const job = this.held(id, workerId);
      if (!job) return false;
      job.lease = { workerId, expiresAt: this.now() + leaseMs };
      if (progress) job.progress = { ...progress };
      this.updateRow(job);
      return true;
    });
  }

  async complete(id: string, workerId: string, outputGroupDetails: OutputGroupDetail[]): Promise<TranscodeJob | undefined> {
    return withSqliteTransaction(this.db, () => {
      const job = this.held(id, workerId);
      if (!job) return undefined;
      job.status = 'COMPLETE';
      job.outputGroupDetails = outputGroupDetails;
      job.progress = { currentPhase: 'UPLOADING', jobPercentComplete: 100, phasePercentComplete: 100, ...(job.progress?.framesDecoded !== undefined ? { framesDecoded: job.progress.framesDecoded } : {}) };
      this.finish(job);
      this.updateRow(job);
      return job;
    });
  }

  async fail(id: string, workerId: string, error: JobError): Promise<TranscodeJob | undefined> {
    return withSqliteTransaction(this.db, () => {
      const job = this.held(id, workerId);
      if (!job) return undefined;
      job.status = 'ERROR';
      job.error = { ...error };
      this.finish(job);
      this.updateRow(job);
      return job;
    });
  }

  async release(id: string, workerId: string): Promise<boolean> {
    return withSqliteTransaction(this.db, () => {
      const job = this.held(id, workerId);
      if (!job) return false;
      job.lease = { workerId, expiresAt: this.now() };
      this.updateRow(job);
      return true;
    });
  }

  async cancel(id: string): Promise<{ job: TranscodeJob; canceled: boolean } | undefined> {
    return withSqliteTransaction(this.db, () => {
      const job = this.statements.one<TranscodeJob>('SELECT doc FROM transcode_jobs WHERE id = ?', id);
      if (!job) return undefined;
      if (job.status !== 'SUBMITTED' && job.status !== 'PROGRESSING') return { job, canceled: false };
      job.status = 'CANCELED';
      this.finish(job);
      this.updateRow(job);
      return { job, canceled: true };
    });
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }

  private insertRow(job: TranscodeJob): void {
    if (this.statements.prepare('SELECT 1 FROM transcode_jobs WHERE id = ?').get(job.id)) {
      throw new KinoraError('ALREADY_EXISTS', `transcode job ${job.id} already exists`, { subject: job.id });
    }
    this.statements.prepare('INSERT INTO transcode_jobs (id, status, created_at, lease_owner, lease_expires_at, doc) VALUES (?, ?, ?, ?, ?, ?)').run(
      job.id, job.status, job.createdAt, job.lease?.workerId ?? null, job.lease?.expiresAt ?? null, JSON.stringify(job),
    );
  }

  private updateRow(job: TranscodeJob): void {
    this.statements.prepare('UPDATE transcode_jobs SET status = ?, lease_owner = ?, lease_expires_at = ?, doc = ? WHERE id = ?').run(
      job.status, job.lease?.workerId ?? null, job.lease?.expiresAt ?? null, JSON.stringify(job), job.id,
    );
  }

  private held(id: string, workerId: string): TranscodeJob | undefined {
    return this.statements.one<TranscodeJob>("SELECT doc FROM transcode_jobs WHERE id = ? AND status = 'PROGRESSING' AND lease_owner = ?", id, workerId);
  }

  private sourceRow(bucket: string, key: string): WatchedSource | undefined {
    const row = this.statements.prepare('SELECT bucket, key, size, last_modified_ms, job_id FROM watched_sources WHERE bucket = ? AND key = ?').get(bucket, key) as
      | { bucket: string; key: string; size: number; last_modified_ms: number; job_id: string }
      | undefined;
    return row ? { bucket: row.bucket, key: row.key, size: row.size, lastModifiedMs: row.last_modified_ms, jobId: row.job_id } : undefined;
  }

  private finish(job: TranscodeJob): void {
    job.finishedAt = new Date(this.now()).toISOString();
    delete job.lease;
  }
}
