import type { Pool, PoolClient } from 'pg';
import { PostgresComponent } from '../../db/postgres/PostgresComponent.ts';
import type { PostgresMigration } from '../../db/postgres/PostgresMigration.ts';
import { withPostgresTransaction } from '../../db/postgres/withPostgresTransaction.ts';
import type {
  DeleteRuleOutcome,
  EventStore,
  IdempotencyClaim,
  ListDeadLettersQuery,
  ListDeliveriesQuery,
  ListRulesQuery,
  PutTargetsOutcome,
} from './EventStore.ts';
import { postgresEventStoreMigrations } from './postgresEventStoreMigrations.ts';
import type { DeadLetterRecord, DeliveryRecord, IdempotencyRecord, RuleRecord, TargetRecord } from './records.ts';

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
    await this.pool.query(
      `INSERT INTO event_deliveries (id, event_id, rule_arn, status, doc) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, doc = excluded.doc`,
      [d.id, d.eventId, d.ruleArn, d.status, JSON.stringify(d)],
    );
  }
  async getDelivery(id: string): Promise<DeliveryRecord | undefined> {
    return this.one<DeliveryRecord>('SELECT doc FROM event_deliveries WHERE id = $1', [id]);
  }
  async listDeliveries(query: ListDeliveriesQuery = {}): Promise<DeliveryRecord[]> {
    return this.many<DeliveryRecord>(
      `SELECT doc FROM event_deliveries
        WHERE ($1::text IS NULL OR event_id = $1) AND ($2::text IS NULL OR rule_arn = $2) AND ($3::text IS NULL OR status = $3)
        ORDER BY seq LIMIT $4`,
      [query.eventId ?? null, query.ruleArn ?? null, query.status ?? null, query.limit ?? null],
    );
  }

  async putDeadLetter(d: DeadLetterRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO event_dead_letters (id, rule_arn, resolved, doc) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET resolved = excluded.resolved, doc = excluded.doc`,
      [d.id, d.ruleArn, d.resolvedAt !== undefined, JSON.stringify(d)],
    );
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
}

/** Locks the rule's row for the rest of the transaction; false when there is no such rule. */
async function lockRule(client: PoolClient, eventBusName: string, name: string): Promise<boolean> {
  const row = await client.query('SELECT 1 FROM event_rules WHERE bus = $1 AND name = $2 FOR UPDATE', [eventBusName, name]);
  return row.rowCount === 1;
}
