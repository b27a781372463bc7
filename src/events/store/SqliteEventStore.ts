import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
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
import { sqliteEventStoreMigrations, type SqliteMigration } from './sqliteEventStoreMigrations.ts';

/**
 * Embedded event store on Node's built-in SQLite (`node:sqlite`), normally
 * `<data dir>/events.sqlite`. The schema is versioned by its own migrations
 * table (`event_store_migrations`), so the file may also be shared with other
 * stores. WAL mode and `BEGIN IMMEDIATE` transactions keep check-and-write
 * operations atomic when the CLI and a server open the same file.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();

  constructor(path: string, migrations: SqliteMigration[] = sqliteEventStoreMigrations) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new DatabaseSync(path);
    try {
      this.db.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000;');
      this.migrate(migrations);
    } catch (e) {
      this.db.close();
      throw e;
    }
  }

  /** Schema versions applied to this database, in order. */
  schemaVersions(): number[] {
    return (this.db.prepare('SELECT version FROM event_store_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version);
  }

  private migrate(migrations: SqliteMigration[]): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS event_store_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const applied = new Set(this.schemaVersions());
    const known = new Set(migrations.map((m) => m.version));
    const unknown = [...applied].filter((v) => !known.has(v));
    if (unknown.length > 0) {
      throw new Error(`event store schema version ${Math.max(...unknown)} is newer than this Kinora knows (${Math.max(0, ...known)}); upgrade Kinora`);
    }
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(m.version)) continue;
      this.transaction(() => {
        this.db.exec(m.sql);
        this.db.prepare('INSERT INTO event_store_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
      });
    }
  }

  async putRule(rule: RuleRecord): Promise<void> {
    this.run('INSERT INTO event_rules (bus, name, doc) VALUES (?, ?, ?) ON CONFLICT (bus, name) DO UPDATE SET doc = excluded.doc', rule.EventBusName, rule.Name, JSON.stringify(rule));
  }
  async getRule(eventBusName: string, name: string): Promise<RuleRecord | undefined> {
    return this.one<RuleRecord>('SELECT doc FROM event_rules WHERE bus = ? AND name = ?', eventBusName, name);
  }
  async listRules(query: ListRulesQuery): Promise<RuleRecord[]> {
    const prefix = query.namePrefix ?? '';
    return this.many<RuleRecord>(
      'SELECT doc FROM event_rules WHERE bus = ? AND substr(name, 1, length(?)) = ? AND name > ? ORDER BY name LIMIT ?',
      query.eventBusName, prefix, prefix, query.afterName ?? '', query.limit ?? -1,
    );
  }
  async deleteRule(eventBusName: string, name: string): Promise<DeleteRuleOutcome> {
    return this.transaction(() => {
      if (!this.one('SELECT doc FROM event_rules WHERE bus = ? AND name = ?', eventBusName, name)) return 'NOT_FOUND';
      const count = this.statement('SELECT count(*) AS n FROM event_targets WHERE bus = ? AND rule = ?').get(eventBusName, name) as { n: number };
      if (count.n > 0) return 'HAS_TARGETS';
      this.run('DELETE FROM event_rules WHERE bus = ? AND name = ?', eventBusName, name);
      return 'DELETED';
    });
  }

  async putTargets(eventBusName: string, ruleName: string, targets: TargetRecord[], maxTargets: number): Promise<PutTargetsOutcome> {
    return this.transaction(() => {
      if (!this.one('SELECT doc FROM event_rules WHERE bus = ? AND name = ?', eventBusName, ruleName)) return 'RULE_NOT_FOUND';
      const existing = (this.statement('SELECT id FROM event_targets WHERE bus = ? AND rule = ?').all(eventBusName, ruleName) as { id: string }[]).map((r) => r.id);
      if (new Set([...existing, ...targets.map((t) => t.Id)]).size > maxTargets) return 'LIMIT_EXCEEDED';
      for (const t of targets) {
        this.run('INSERT INTO event_targets (bus, rule, id, doc) VALUES (?, ?, ?, ?) ON CONFLICT (bus, rule, id) DO UPDATE SET doc = excluded.doc', eventBusName, ruleName, t.Id, JSON.stringify(t));
      }
      return 'OK';
    });
  }
  async listTargets(eventBusName: string, ruleName: string): Promise<TargetRecord[]> {
    return this.many<TargetRecord>('SELECT doc FROM event_targets WHERE bus = ? AND rule = ? ORDER BY id', eventBusName, ruleName);
  }
  async removeTargets(eventBusName: string, ruleName: string, ids: string[]): Promise<string[]> {
    return this.transaction(() =>
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
    return this.one<DeliveryRecord>('SELECT doc FROM event_deliveries WHERE id = ?', id);
  }
  async listDeliveries(query: ListDeliveriesQuery = {}): Promise<DeliveryRecord[]> {
    return this.many<DeliveryRecord>(
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
    return this.one<DeadLetterRecord>('SELECT doc FROM event_dead_letters WHERE id = ?', id);
  }
  async listDeadLetters(query: ListDeadLettersQuery = {}): Promise<DeadLetterRecord[]> {
    return this.many<DeadLetterRecord>(
      'SELECT doc FROM event_dead_letters WHERE (?1 IS NULL OR rule_arn = ?1) AND (?2 = 1 OR resolved = 0) ORDER BY seq LIMIT ?3',
      query.ruleArn ?? null, query.includeResolved ? 1 : 0, query.limit ?? -1,
    );
  }

  async claimIdempotencyKey(key: string, deliveryId: string, now: string): Promise<IdempotencyClaim> {
    return this.transaction(() => {
      const holder = this.one<IdempotencyRecord>('SELECT doc FROM event_idempotency_keys WHERE key = ?', key);
      if (holder) {
        return holder.deliveryId === deliveryId && holder.status === 'IN_PROGRESS' ? { claimed: true } : { claimed: false, holder };
      }
      const record: IdempotencyRecord = { key, deliveryId, status: 'IN_PROGRESS', createdAt: now };
      this.run('INSERT INTO event_idempotency_keys (key, delivery_id, status, doc) VALUES (?, ?, ?, ?)', key, deliveryId, record.status, JSON.stringify(record));
      return { claimed: true };
    });
  }
  async completeIdempotencyKey(key: string, deliveryId: string, now: string): Promise<void> {
    this.transaction(() => {
      const holder = this.one<IdempotencyRecord>('SELECT doc FROM event_idempotency_keys WHERE key = ?', key);
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

  private run(sql: string, ...args: SQLInputValue[]) {
    return this.statement(sql).run(...args);
  }

  private one<T>(sql: string, ...args: SQLInputValue[]): T | undefined {
    const row = this.statement(sql).get(...args) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as T) : undefined;
  }

  private many<T>(sql: string, ...args: SQLInputValue[]): T[] {
    return (this.statement(sql).all(...args) as { doc: string }[]).map((r) => JSON.parse(r.doc) as T);
  }
}
