import { Pool } from 'pg';

/**
 * A connection pool on `url` (`postgres://user:password@host:port/database`,
 * libpq's URI form; `?sslmode=require` and `?options=-c search_path=kinora`
 * work as in libpq). Every PostgreSQL adapter of a process may share one.
 */
export function openPostgresPool(url: string, options: { max?: number; applicationName?: string } = {}): Pool {
  const pool = new Pool({ connectionString: url, max: options.max ?? 10, application_name: options.applicationName ?? 'kinora' });
  // An idle connection that breaks (server restart, failover, network) is
  // reported here; the pool drops it and opens a new one for the next query,
  // whose own failure reaches its caller. Without a listener Node would
  // treat the event as an uncaught error and exit.
  pool.on('error', () => {});
  return pool;
}
