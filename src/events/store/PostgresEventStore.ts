import type { Pool, PoolClient } from 'pg';
import { PostgresComponent } from '../../db/postgres/PostgresComponent.ts';
import type { PostgresMigration } from '../../db/postgres/PostgresMigration.ts';
import { withPostgresTransaction } from '../../db/postgres/withPostgresTransaction.ts';
import type {
  ClaimDeliveriesQuery,
  DeleteRuleOutcome,
  DeliveryAttemptRecord,
  EventStore,
  IdempotencyClaim,
  ListDeadLettersQuery,
  EventLogPage,
  ListDeliveriesQuery,
  ListEventsQuery,
  ListRulesQuery,
  PruneEventsQuery,
  PutTargetsOutcome,
  RenewDeliveryLeasesQuery,
} from './EventStore.ts';
import { postgresEventStoreMigrations } from './postgresEventStoreMigrations.ts';
import type { DeadLetterRecord, DeliveryRecord, EventLogRecord, IdempotencyRecord, RuleRecord, TargetRecord } from './records.ts';
import { readEventLogCursor } from './readEventLogCursor.ts';
import { readDeliveryRow } from './readDeliveryRow.ts';
import { writeDeliveryRow } from './writeDeliveryRow.ts';

/** What delivery reads select. */
const DELIVERY_COLUMNS = 'doc, lease_owner, lease_expires_at';

interface DeliveryColumns {
  doc: DeliveryRecord;
  lease_owner: string | null;
  /** `bigint`: node-postgres hands it over as a string. */
  lease_expires_at: string | null;
}

/** Schema component of the event store in `schema_migrations`. */
const COMPONENT = 'events';

/**
 * Event store on PostgreSQL, for several Kinora processes sharing one bus
 * (`DATABASE_URL`; see docs/database.md). Same tables as `SqliteEventStore`.
 * Check-and-write operations lock what they check: `putTargets` and
 * `deleteRule` lock the rule's row (`FOR UPDATE`), so the 5-target limit and
 * the refusal to delete a rule with targets hold across processes;
 * `claimIdempotencyKey` rests on the key's primary key
 * (`INSERT ... ON CONFLICT DO NOTHING`), so one delivery holds a key.
 * Deliveries are claimed with `FOR UPDATE SKIP LOCKED`, as the transcoding
 * queue's jobs are (`PostgresJobStore`); renewals, releases and the write
 * that records an attempt are `UPDATE`s conditional on the lease owner, so a
 * worker that lost its lease can never overwrite another's outcome.
 */
export class PostgresEventStore implements EventStore {
  private readonly component: PostgresComponent;
  private readonly pool: Pool;

  private constructor(component: PostgresComponent) {
    this.component = component;
    this.pool = component.pool;
  }

  /**
   * Opens the store and migrates its schema. Given a URL, the store opens a
   * pool of its own and ends it on `close()`; given a pool (shared with other
   * stores), it leaves the pool to its owner.
   */
  static async open(db: string | Pool, options: { migrations?: PostgresMigration[] } = {}): Promise<PostgresEventStore> {
    return new PostgresEventStore(await PostgresComponent.open(db, COMPONENT, options.migrations ?? postgresEventStoreMigrations));
  }

  /** Schema versions applied to this database, in order. */
  schemaVersions(): Promise<number[]> {
    return this.component.schemaVersions();
  }

  async putRule(rule: RuleRecord): Promise<void> {
    await this.pool.query(
      'INSERT INTO event_rules (bus, name, doc) VALUES ($1, $2, $3) ON CONFLICT (bus, name) DO UPDATE SET doc = excluded.doc',
      [rule.EventBusName, rule.Name, JSON.stringify(rule)],
    );
  }
  async getRule(eventBusName: string, name: string): Promise<RuleRecord | undefined> {
    return this.one<RuleRecord>('SELECT doc FROM event_rules WHERE bus = $1 AND name = $2', [eventBusName, name]);
  }
  async listRules(query: ListRulesQuery): Promise<RuleRecord[]> {
    return this.many<RuleRecord>(
      'SELECT doc FROM event_rules WHERE bus = $1 AND starts_with(name, $2) AND name > $3 ORDER BY name LIMIT $4',
      [query.eventBusName, query.namePrefix ?? '', query.afterName ?? '', query.limit ?? null],
    );
  }
  async deleteRule(eventBusName: string, name: string): Promise<DeleteRuleOutcome> {
    return withPostgresTransaction(this.pool, async (client) => {
      if (!(await lockRule(client, eventBusName, name))) return 'NOT_FOUND';
      const targets = await client.query('SELECT 1 FROM event_targets WHERE bus = $1 AND rule = $2 LIMIT 1', [eventBusName, name]);
      if (targets.rowCount !== 0) return 'HAS_TARGETS';
      await client.query('DELETE FROM event_rules WHERE bus = $1 AND name = $2', [eventBusName, name]);
      return 'DELETED';
    });
  }

  async putTargets(eventBusName: string, ruleName: string, targets: TargetRecord[], maxTargets: number): Promise<PutTargetsOutcome> {
    return withPostgresTransaction(this.pool, async (client) => {
      if (!(await lockRule(client, eventBusName, ruleName))) return 'RULE_NOT_FOUND';
      const existing = await client.query<{ id: string }>('SELECT id FROM event_targets WHERE bus = $1 AND rule = $2', [eventBusName, ruleName]);
      if (new Set([...existing.rows.map((r) => r.id), ...targets.map((t) => t.Id)]).size > maxTargets) return 'LIMIT_EXCEEDED';
      for (const t of targets) {
        await client.query(
          'INSERT INTO event_targets (bus, rule, id, doc) VALUES ($1, $2, $3, $4) ON CONFLICT (bus, rule, id) DO UPDATE SET doc = excluded.doc',
          [eventBusName, ruleName, t.Id, JSON.stringify(t)],
        );
      }
      return 'OK';
    });
  }
  async listTargets(eventBusName: string, ruleName: string): Promise<TargetRecord[]> {
    return this.many<TargetRecord>('SELECT doc FROM event_targets WHERE bus = $1 AND rule = $2 ORDER BY id', [eventBusName, ruleName]);
  }
  async removeTargets(eventBusName: string, ruleName: string, ids: string[]): Promise<string[]> {
    const removed = await this.pool.query<{ id: string }>(
      'DELETE FROM event_targets WHERE bus = $1 AND rule = $2 AND id = ANY($3::text[]) RETURNING id',
      [eventBusName, ruleName, ids],
    );
    // In the caller's order, each id once (as the other adapters answer).
    const gone = new Set(removed.rows.map((r) => r.id));
    return ids.filter((id) => gone.delete(id));
  }

  async putDelivery(d: DeliveryRecord): Promise<void> {
    const row = writeDeliveryRow(d);
    await this.pool.query(
      `INSERT INTO event_deliveries (id, event_id, rule_arn, status, next_attempt_at, lease_owner, lease_expires_at, doc) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, next_attempt_at = excluded.next_attempt_at,
         lease_owner = excluded.lease_owner, lease_expires_at = excluded.lease_expires_at, doc = excluded.doc`,
      [d.id, d.eventId, d.ruleArn, d.status, row.nextAttemptAt, row.leaseOwner, row.leaseExpiresAt, row.doc],
    );
  }
  async getDelivery(id: string): Promise<DeliveryRecord | undefined> {
    return (await this.deliveries(`SELECT ${DELIVERY_COLUMNS} FROM event_deliveries WHERE id = $1`, [id]))[0];
  }
  async listDeliveries(query: ListDeliveriesQuery = {}): Promise<DeliveryRecord[]> {
    return this.deliveries(
      `SELECT ${DELIVERY_COLUMNS} FROM event_deliveries
        WHERE ($1::text IS NULL OR event_id = $1) AND ($2::text IS NULL OR rule_arn = $2) AND ($3::text IS NULL OR status = $3)
          AND ($5::text[] IS NULL OR event_id = ANY($5::text[]))
        ORDER BY seq LIMIT $4`,
      [query.eventId ?? null, query.ruleArn ?? null, query.status ?? null, query.limit ?? null, query.eventIds ?? null],
    );
  }

  async claimDeliveries(query: ClaimDeliveriesQuery): Promise<DeliveryRecord[]> {
    const now = Date.parse(query.now);
    // One statement. SKIP LOCKED: concurrent claimers, in any process, lock
    // different rows and never wait on one another; a row another claimer
    // has just leased is re-checked after its commit (no longer claimable)
    // and passed over. The ids are selected in a MATERIALIZED CTE, evaluated
    // once: a LIMIT ... SKIP LOCKED subquery planned as a join may be
    // re-scanned and lease more than the limit.
    const claimed = await this.pool.query<DeliveryColumns & { seq: string }>(
      `WITH claimable AS MATERIALIZED (
         SELECT id FROM event_deliveries
          WHERE status = 'PENDING' AND (next_attempt_at IS NULL OR next_attempt_at <= $1)
            AND (lease_expires_at IS NULL OR lease_expires_at <= $1)
            AND ($2::text[] IS NULL OR id = ANY($2::text[]))
          ORDER BY seq LIMIT $3
          FOR UPDATE SKIP LOCKED
       )
       UPDATE event_deliveries d SET lease_owner = $4, lease_expires_at = $5
         FROM claimable WHERE d.id = claimable.id
       RETURNING d.seq, d.doc, d.lease_owner, d.lease_expires_at`,
      [now, query.ids ?? null, query.limit, query.owner, now + query.leaseMs],
    );
    // RETURNING has no order of its own.
    return claimed.rows
      .sort((a, b) => Number(a.seq) - Number(b.seq))
      .map((row) => readDeliveryRow(row.doc, row.lease_owner, row.lease_expires_at));
  }
  async renewDeliveryLeases(query: RenewDeliveryLeasesQuery): Promise<string[]> {
    // A concurrent claim of one of these rows (after the lease expired) holds
    // its lock; this update waits for it, then finds another owner and skips it.
    const renewed = await this.pool.query<{ id: string }>(
      `UPDATE event_deliveries SET lease_expires_at = $1
        WHERE id = ANY($2::text[]) AND lease_owner = $3 AND status = 'PENDING'
        RETURNING id`,
      [Date.parse(query.now) + query.leaseMs, query.ids, query.owner],
    );
    const held = new Set(renewed.rows.map((r) => r.id));
    return [...new Set(query.ids)].filter((id) => held.has(id));
  }
  async releaseDeliveryLeases(query: { owner: string; ids: string[] }): Promise<void> {
    await this.pool.query(
      `UPDATE event_deliveries SET lease_owner = NULL, lease_expires_at = NULL
        WHERE id = ANY($1::text[]) AND lease_owner = $2 AND status = 'PENDING'`,
      [query.ids, query.owner],
    );
  }
  async recordDeliveryAttempt(attempt: DeliveryAttemptRecord): Promise<boolean> {
    const d = attempt.delivery;
    const row = writeDeliveryRow(d);
    return withPostgresTransaction(this.pool, async (client) => {
      // The lease check and the write are one UPDATE: it waits for a claim of
      // the row in flight and then sees its outcome.
      const written = await client.query(
        `UPDATE event_deliveries SET status = $1, next_attempt_at = $2, lease_owner = NULL, lease_expires_at = NULL, doc = $3
          WHERE id = $4 AND lease_owner = $5 AND status = 'PENDING'`,
        [d.status, row.nextAttemptAt, row.doc, d.id, attempt.owner],
      );
      if (written.rowCount !== 1) return false;
      if (attempt.deadLetter) await writeDeadLetter(client, attempt.deadLetter);
      if (attempt.releaseKey !== undefined) {
        await client.query('DELETE FROM event_idempotency_keys WHERE key = $1 AND delivery_id = $2', [attempt.releaseKey, d.id]);
      }
      return true;
    });
  }

  async putEvent(record: EventLogRecord): Promise<void> {
    const { event, receivedAt, origin, deliveryIds } = record;
    // One statement: a concurrent log of the same event id waits on the
    // unique index, then appends its ids (duplicates are dropped on read).
    await this.pool.query(
      `INSERT INTO event_log (event_id, source, detail_type, received_at, delivery_ids, doc) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (event_id) DO UPDATE SET delivery_ids = event_log.delivery_ids || excluded.delivery_ids`,
      [event.id, toText(event.source), toText(event['detail-type']), Date.parse(receivedAt), deliveryIds, JSON.stringify({ event, receivedAt, origin })],
    );
  }
  async listEvents(query: ListEventsQuery): Promise<EventLogPage> {
    const rows = await this.pool.query<{ seq: string; delivery_ids: string[]; doc: Omit<EventLogRecord, 'deliveryIds'> }>(
      `SELECT seq, delivery_ids, doc FROM event_log
        WHERE ($1::text IS NULL OR source = $1) AND ($2::text IS NULL OR detail_type = $2) AND ($3::bigint IS NULL OR seq < $3)
        ORDER BY seq DESC LIMIT $4`,
      [query.source === undefined ? null : toText(query.source), query.detailType === undefined ? null : toText(query.detailType), query.before === undefined ? null : readEventLogCursor(query.before), query.limit + 1],
    );
    const page = rows.rows.slice(0, query.limit);
    return {
      events: page.map((row) => ({ ...row.doc, deliveryIds: [...new Set(row.delivery_ids)] })),
      ...(rows.rows.length > page.length && page.length > 0 ? { next: String(page.at(-1)!.seq) } : {}),
    };
  }
  async pruneEvents(query: PruneEventsQuery): Promise<number> {
    // The newest `keep` are the rows above the one at offset `keep` (none: NULL, nothing deleted by count).
    const pruned = await this.pool.query(
      'DELETE FROM event_log WHERE seq <= (SELECT seq FROM event_log ORDER BY seq DESC OFFSET $1 LIMIT 1) OR received_at < $2',
      [query.keep, query.receivedBefore === undefined ? null : Date.parse(query.receivedBefore)],
    );
    return pruned.rowCount ?? 0;
  }

  async putDeadLetter(d: DeadLetterRecord): Promise<void> {
    await writeDeadLetter(this.pool, d);
  }
  async getDeadLetter(id: string): Promise<DeadLetterRecord | undefined> {
    return this.one<DeadLetterRecord>('SELECT doc FROM event_dead_letters WHERE id = $1', [id]);
  }
  async listDeadLetters(query: ListDeadLettersQuery = {}): Promise<DeadLetterRecord[]> {
    return this.many<DeadLetterRecord>(
      'SELECT doc FROM event_dead_letters WHERE ($1::text IS NULL OR rule_arn = $1) AND ($2 OR NOT resolved) ORDER BY seq LIMIT $3',
      [query.ruleArn ?? null, query.includeResolved === true, query.limit ?? null],
    );
  }

  async claimIdempotencyKey(key: string, deliveryId: string, now: string): Promise<IdempotencyClaim> {
    const record: IdempotencyRecord = { key, deliveryId, status: 'IN_PROGRESS', createdAt: now };
    // Insert first: the primary key decides between concurrent claimers. A
    // holder released between our insert and our read leaves the key free:
    // try again.
    for (;;) {
      const inserted = await this.pool.query(
        'INSERT INTO event_idempotency_keys (key, delivery_id, status, doc) VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO NOTHING',
        [key, deliveryId, record.status, JSON.stringify(record)],
      );
      if (inserted.rowCount === 1) return { claimed: true };
      const holder = await this.one<IdempotencyRecord>('SELECT doc FROM event_idempotency_keys WHERE key = $1', [key]);
      if (!holder) continue;
      return holder.deliveryId === deliveryId && holder.status === 'IN_PROGRESS' ? { claimed: true } : { claimed: false, holder };
    }
  }
  async completeIdempotencyKey(key: string, deliveryId: string, now: string): Promise<void> {
    await withPostgresTransaction(this.pool, async (client) => {
      const row = await client.query<{ doc: IdempotencyRecord }>('SELECT doc FROM event_idempotency_keys WHERE key = $1 FOR UPDATE', [key]);
      const holder = row.rows[0]?.doc;
      if (holder?.deliveryId !== deliveryId) return;
      const done: IdempotencyRecord = { ...holder, status: 'SUCCEEDED', completedAt: now };
      await client.query('UPDATE event_idempotency_keys SET status = $1, doc = $2 WHERE key = $3', [done.status, JSON.stringify(done), key]);
    });
  }
  async releaseIdempotencyKey(key: string, deliveryId: string): Promise<void> {
    await this.pool.query('DELETE FROM event_idempotency_keys WHERE key = $1 AND delivery_id = $2', [key, deliveryId]);
  }

  close(): Promise<void> {
    return this.component.close();
  }

  private async one<T>(sql: string, params: unknown[]): Promise<T | undefined> {
    const result = await this.pool.query<{ doc: T }>(sql, params);
    return result.rows[0]?.doc;
  }

  private async many<T>(sql: string, params: unknown[]): Promise<T[]> {
    return (await this.pool.query<{ doc: T }>(sql, params)).rows.map((r) => r.doc);
  }

  private async deliveries(sql: string, params: unknown[]): Promise<DeliveryRecord[]> {
    const rows = await this.pool.query<DeliveryColumns>(sql, params);
    return rows.rows.map((row) => readDeliveryRow(row.doc, row.lease_owner, row.lease_expires_at));
  }
}

async function writeDeadLetter(db: Pool | PoolClient, d: DeadLetterRecord): Promise<void> {
  await db.query(
    `INSERT INTO event_dead_letters (id, rule_arn, resolved, doc) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET resolved = excluded.resolved, doc = excluded.doc`,
    [d.id, d.ruleArn, d.resolvedAt !== undefined, JSON.stringify(d)],
  );
}

/** Locks the rule's row for the rest of the transaction; false when there is no such rule. */
async function lockRule(client: PoolClient, eventBusName: string, name: string): Promise<boolean> {
  const row = await client.query('SELECT 1 FROM event_rules WHERE bus = $1 AND name = $2 FOR UPDATE', [eventBusName, name]);
  return row.rowCount === 1;
}

/** PostgreSQL's text refuses NUL: the event log's filter columns, and what they are compared with, hold it as U+FFFD. */
function toText(value: string): string {
  return value.replaceAll('\u0000', '\uFFFD');
}
