import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { listSqliteSchemaVersions } from '../../db/sqlite/listSqliteSchemaVersions.ts';
import { openSqliteDatabase } from '../../db/sqlite/openSqliteDatabase.ts';
import type { SqliteMigration } from '../../db/sqlite/SqliteMigration.ts';
import { SqliteStatements } from '../../db/sqlite/SqliteStatements.ts';
import { withSqliteTransaction } from '../../db/sqlite/withSqliteTransaction.ts';
import type {
  DeleteRuleOutcome,
  EventStore,
  IdempotencyClaim,
  ListDeadLettersQuery,
  ListDeliveriesQuery,
  ListRulesQuery,
  PutTargetsOutcome,
} from './EventStore.ts';
import type { DeadLetterRecord, DeliveryRecord, IdempotencyRecord, RuleRecord, TargetRecord } from './records.ts';
import { sqliteEventStoreMigrations } from './sqliteEventStoreMigrations.ts';

/** Its own migrations table, not `schema_migrations`, so that the file may be shared with a store that has that one. */
const MIGRATIONS_TABLE = 'event_store_migrations';

/**
 * Embedded event store on Node's built-in SQLite (`node:sqlite`), normally
 * `<data dir>/events.sqlite`, opened by `openSqliteDatabase`. The schema is
 * versioned by its own migrations table (`event_store_migrations`), so the
 * file may also be shared with other stores; a file migrated by a newer
 * Kinora is refused. WAL mode and `BEGIN IMMEDIATE` transactions
 * (`withSqliteTransaction`) keep check-and-write operations atomic when the
 * CLI and a server open the same file.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: DatabaseSync;
  private readonly statements: SqliteStatements;

  constructor(path: string, migrations: SqliteMigration[] = sqliteEventStoreMigrations) {
    this.db = openSqliteDatabase(path, { table: MIGRATIONS_TABLE, migrations, refuseNewerAs: 'event store' });
    this.statements = new SqliteStatements(this.db);
  }

  /** Schema versions applied to this database, in order. */
  schemaVersions(): number[] {
    return listSqliteSchemaVersions(this.db, MIGRATIONS_TABLE);
  }

  async putRule(rule: RuleRecord): Promise<void> {
    this.run('INSERT INTO event_rules (bus, name, doc) VALUES (?, ?, ?) ON CONFLICT (bus, name) DO UPDATE SET doc = excluded.doc', rule.EventBusName, rule.Name, JSON.stringify(rule));
  }
  async getRule(eventBusName: string, name: string): Promise<RuleRecord | undefined> {
    return this.statements.one<RuleRecord>('SELECT doc FROM event_rules WHERE bus = ? AND name = ?', eventBusName, name);
  }
  async listRules(query: ListRulesQuery): Promise<RuleRecord[]> {
    const prefix = query.namePrefix ?? '';
    return this.statements.many<RuleRecord>(
      'SELECT doc FROM event_rules WHERE bus = ? AND substr(name, 1, length(?)) = ? AND name > ? ORDER BY name LIMIT ?',
      query.eventBusName, prefix, prefix, query.afterName ?? '', query.limit ?? -1,
    );
  }
  async deleteRule(eventBusName: string, name: string): Promise<DeleteRuleOutcome> {
    return withSqliteTransaction(this.db, () => {
      if (!this.statements.one('SELECT doc FROM event_rules WHERE bus = ? AND name = ?', eventBusName, name)) return 'NOT_FOUND';
      const count = this.statements.prepare('SELECT count(*) AS n FROM event_targets WHERE bus = ? AND rule = ?').get(eventBusName, name) as { n: number };
      if (count.n > 0) return 'HAS_TARGETS';
      this.run('DELETE FROM event_rules WHERE bus = ? AND name = ?', eventBusName, name);
      return 'DELETED';
    });
  }

  async putTargets(eventBusName: string, ruleName: string, targets: TargetRecord[], maxTargets: number): Promise<PutTargetsOutcome> {
    return withSqliteTransaction(this.db, () => {
      if (!this.statements.one('SELECT doc FROM event_rules WHERE bus = ? AND name = ?', eventBusName, ruleName)) return 'RULE_NOT_FOUND';
      const existing = (this.statements.prepare('SELECT id FROM event_targets WHERE bus = ? AND rule = ?').all(eventBusName, ruleName) as { id: string }[]).map((r) => r.id);
      if (new Set([...existing, ...targets.map((t) => t.Id)]).size > maxTargets) return 'LIMIT_EXCEEDED';
      for (const t of targets) {
        this.run('INSERT INTO event_targets (bus, rule, id, doc) VALUES (?, ?, ?, ?) ON CONFLICT (bus, rule, id) DO UPDATE SET doc = excluded.doc', eventBusName, ruleName, t.Id, JSON.stringify(t));
      }
      return 'OK';
    });
  }
  async listTargets(eventBusName: string, ruleName: string): Promise<TargetRecord[]> {
    return this.statements.many<TargetRecord>('SELECT doc FROM event_targets WHERE bus = ? AND rule = ? ORDER BY id', eventBusName, ruleName);
  }
  async removeTargets(eventBusName: string, ruleName: string, ids: string[]): Promise<string[]> {
    return withSqliteTransaction(this.db, () =>
      ids.filter((id) => Number(this.run('DELETE FROM event_targets WHERE bus = ? AND rule = ? AND id = ?', eventBusName, ruleName, id).changes) > 0),
    );
  }

  async putDelivery(d: DeliveryRecord): Promise<void> {
    this.run(
      'INSERT INTO event_deliveries (id, event_id, rule_arn, status, doc) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET status = excluded.status, doc = excluded.doc',
      d.id, d.eventId, d.ruleArn, d.status, JSON.stringify(d),
    );
  }
  async getDelivery(id: string): Promise<DeliveryRecord | undefined> {
    return this.statements.one<DeliveryRecord>('SELECT doc FROM event_deliveries WHERE id = ?', id);
  }
  async listDeliveries(query: ListDeliveriesQuery = {}): Promise<DeliveryRecord[]> {
    return this.statements.many<DeliveryRecord>(
      `SELECT doc FROM event_deliveries
       WHERE (?1 IS NULL OR event_id = ?1) AND (?2 IS NULL OR rule_arn = ?2) AND (?3 IS NULL OR status = ?3)
       ORDER BY seq LIMIT ?4`,
      query.eventId ?? null, query.ruleArn ?? null, query.status ?? null, query.limit ?? -1,
    );
  }

  async putDeadLetter(d: DeadLetterRecord): Promise<void> {
    this.run(
      'INSERT INTO event_dead_letters (id, rule_arn, resolved, doc) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET resolved = excluded.resolved, doc = excluded.doc',
      d.id, d.ruleArn, d.resolvedAt === undefined ? 0 : 1, JSON.stringify(d),
    );
  }
  async getDeadLetter(id: string): Promise<DeadLetterRecord | undefined> {
    return this.statements.one<DeadLetterRecord>('SELECT doc FROM event_dead_letters WHERE id = ?', id);
  }
  async listDeadLetters(query: ListDeadLettersQuery = {}): Promise<DeadLetterRecord[]> {
    return this.statements.many<DeadLetterRecord>(
      'SELECT doc FROM event_dead_letters WHERE (?1 IS NULL OR rule_arn = ?1) AND (?2 = 1 OR resolved = 0) ORDER BY seq LIMIT ?3',
      query.ruleArn ?? null, query.includeResolved ? 1 : 0, query.limit ?? -1,
    );
  }

  async claimIdempotencyKey(key: string, deliveryId: string, now: string): Promise<IdempotencyClaim> {
    return withSqliteTransaction(this.db, () => {
      const holder = this.statements.one<IdempotencyRecord>('SELECT doc FROM event_idempotency_keys WHERE key = ?', key);
      if (holder) {
        return holder.deliveryId === deliveryId && holder.status === 'IN_PROGRESS' ? { claimed: true } : { claimed: false, holder };
      }
      const record: IdempotencyRecord = { key, deliveryId, status: 'IN_PROGRESS', createdAt: now };
      this.run('INSERT INTO event_idempotency_keys (key, delivery_id, status, doc) VALUES (?, ?, ?, ?)', key, deliveryId, record.status, JSON.stringify(record));
      return { claimed: true };
    });
  }
  async completeIdempotencyKey(key: string, deliveryId: string, now: string): Promise<void> {
    withSqliteTransaction(this.db, () => {
      const holder = this.statements.one<IdempotencyRecord>('SELECT doc FROM event_idempotency_keys WHERE key = ?', key);
      if (holder?.deliveryId !== deliveryId) return;
      const done: IdempotencyRecord = { ...holder, status: 'SUCCEEDED', completedAt: now };
      this.run('UPDATE event_idempotency_keys SET status = ?, doc = ? WHERE key = ?', done.status, JSON.stringify(done), key);
    });
  }
  async releaseIdempotencyKey(key: string, deliveryId: string): Promise<void> {
    this.run('DELETE FROM event_idempotency_keys WHERE key = ? AND delivery_id = ?', key, deliveryId);
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }

  private run(sql: string, ...args: SQLInputValue[]) {
    return this.statements.prepare(sql).run(...args);
  }
}
