import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` in one transaction on one pooled connection (READ COMMITTED):
 * COMMIT when it resolves, ROLLBACK when it throws. Check-and-write work
 * locks what it checks (`SELECT ... FOR UPDATE`) so that concurrent
 * transactions, in this process or another, queue behind it.
 */
export async function withPostgresTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: unknown;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (e) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackFailure) {
      // The connection itself failed: it must not go back to the pool.
      broken = rollbackFailure;
    }
    throw e;
  } finally {
    client.release(broken instanceof Error ? broken : undefined);
  }
}
