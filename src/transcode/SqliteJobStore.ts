import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { KinoraError } from '../errors/KinoraError.ts';
import type { JobStore } from './JobStore.ts';
import type { OutputGroupDetail } from './JobStateChangeEvent.ts';
import type { JobError, JobProgress, JobStatus, TranscodeJob, WatchedSource } from './TranscodeJob.ts';

/** Schema changes, applied in order once each; append, never edit a shipped one. */
const migrations: { version: number; name: string; sql: string }[] = [
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

/**
 * Embedded `JobStore` on Node's built-in SQLite, in a file of its own in the
 * data dir (`transcode.sqlite`), so the queue never contends with the
 * catalog. Each job is its JSON document plus the columns `claim` filters
 * on. Every read-modify-write runs in a `BEGIN IMMEDIATE` transaction, which
 * takes SQLite's write lock up front: two processes sharing the file (the
 * server and `kinora transcode`) can never claim the same job.
 * Schema versions are recorded in `schema_migrations`.
 */
export class SqliteJobStore implements JobStore {
  private readonly db: DatabaseSync;
  private readonly now: () => number;
  private readonly statements = new Map<string, StatementSync>();

  constructor(path: string, options: { now?: () => number } = {}) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.now = options.now ?? Date.now;
    this.db = new DatabaseSync(path);
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000;');
    this.migrate();
  }

  /** Versions applied to this database, in order (for diagnostics and tests). */
  schemaVersions(): number[] {
    return (this.statement('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version);
  }

  async insert(job: TranscodeJob): Promise<void> {
    this.transaction(() => this.insertRow(job));
  }

  async insertForSource(job: TranscodeJob, source: WatchedSource): Promise<boolean> {
    return this.transaction(() => {
      const known = this.sourceRow(source.bucket, source.key);
      if (known && known.size === source.size && known.lastModifiedMs === source.lastModifiedMs) return false;
      this.insertRow(job);
      this.statement('INSERT OR REPLACE INTO watched_sources (bucket, key, size, last_modified_ms, job_id) VALUES (?, ?, ?, ?, ?)').run(
        source.bucket, source.key, source.size, source.lastModifiedMs, source.jobId,
      );
      return true;
    });
  }

  async getSource(bucket: string, key: string): Promise<WatchedSource | undefined> {
    return this.sourceRow(bucket, key);
  }

  async get(id: string): Promise<TranscodeJob | undefined> {
    const row = this.statement('SELECT doc FROM transcode_jobs WHERE id = ?').get(id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as TranscodeJob) : undefined;
  }

  async list(filter: { status?: JobStatus; limit?: number } = {}): Promise<TranscodeJob[]> {
    const limit = filter.limit ?? -1;
    const rows = (filter.status === undefined
      ? this.statement('SELECT doc FROM transcode_jobs ORDER BY created_at DESC, id DESC LIMIT ?').all(limit)
      : this.statement('SELECT doc FROM transcode_jobs WHERE status = ? ORDER BY created_at DESC, id DESC LIMIT ?').all(filter.status, limit)) as { doc: string }[];
    return rows.map((r) => JSON.parse(r.doc) as TranscodeJob);
  }

  async claim(workerId: string, leaseMs: number): Promise<TranscodeJob | undefined> {
    return this.transaction(() => {
      const now = this.now();
      const row = this.statement(
        `SELECT doc FROM transcode_jobs
          WHERE status = 'SUBMITTED' OR (status = 'PROGRESSING' AND lease_expires_at <= ?)
          ORDER BY created_at, id LIMIT 1`,
      ).get(now) as { doc: string } | undefined;
      if (!row) return undefined;
      const job = JSON.parse(row.doc) as TranscodeJob;
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
    return this.transaction(() => {
      const job = this.held(id, workerId);
      if (!job) return false;
      job.lease = { workerId, expiresAt: this.now() + leaseMs };
      if (progress) job.progress = { ...progress };
      this.updateRow(job);
      return true;
    });
  }

  async complete(id: string, workerId: string, outputGroupDetails: OutputGroupDetail[]): Promise<TranscodeJob | undefined> {
    return this.transaction(() => {
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
    return this.transaction(() => {
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
    return this.transaction(() => {
      const job = this.held(id, workerId);
      if (!job) return false;
      job.lease = { workerId, expiresAt: this.now() };
      this.updateRow(job);
      return true;
    });
  }

  async cancel(id: string): Promise<{ job: TranscodeJob; canceled: boolean } | undefined> {
    return this.transaction(() => {
      const row = this.statement('SELECT doc FROM transcode_jobs WHERE id = ?').get(id) as { doc: string } | undefined;
      if (!row) return undefined;
      const job = JSON.parse(row.doc) as TranscodeJob;
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

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    for (const m of migrations) {
      this.transaction(() => {
        // Checked inside the write lock: two processes opening a new file at once apply each migration once.
        if (this.db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(m.version)) return;
        this.db.exec(m.sql);
        this.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
      });
    }
  }

  private insertRow(job: TranscodeJob): void {
    if (this.statement('SELECT 1 FROM transcode_jobs WHERE id = ?').get(job.id)) {
      throw new KinoraError('ALREADY_EXISTS', `transcode job ${job.id} already exists`, { subject: job.id });
    }
    this.statement('INSERT INTO transcode_jobs (id, status, created_at, lease_owner, lease_expires_at, doc) VALUES (?, ?, ?, ?, ?, ?)').run(
      job.id, job.status, job.createdAt, job.lease?.workerId ?? null, job.lease?.expiresAt ?? null, JSON.stringify(job),
    );
  }

  private updateRow(job: TranscodeJob): void {
    this.statement('UPDATE transcode_jobs SET status = ?, lease_owner = ?, lease_expires_at = ?, doc = ? WHERE id = ?').run(
      job.status, job.lease?.workerId ?? null, job.lease?.expiresAt ?? null, JSON.stringify(job), job.id,
    );
  }

  private held(id: string, workerId: string): TranscodeJob | undefined {
    const row = this.statement("SELECT doc FROM transcode_jobs WHERE id = ? AND status = 'PROGRESSING' AND lease_owner = ?").get(id, workerId) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as TranscodeJob) : undefined;
  }

  private sourceRow(bucket: string, key: string): WatchedSource | undefined {
    const row = this.statement('SELECT bucket, key, size, last_modified_ms, job_id FROM watched_sources WHERE bucket = ? AND key = ?').get(bucket, key) as
      | { bucket: string; key: string; size: number; last_modified_ms: number; job_id: string }
      | undefined;
    return row ? { bucket: row.bucket, key: row.key, size: row.size, lastModifiedMs: row.last_modified_ms, jobId: row.job_id } : undefined;
  }

  private finish(job: TranscodeJob): void {
    job.finishedAt = new Date(this.now()).toISOString();
    delete job.lease;
  }

  private transaction<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (e) {
      this.db.exec('ROLLBACK');
      throw e;
    }
  }

  private statement(sql: string): StatementSync {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }
}
