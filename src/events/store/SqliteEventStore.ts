import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { listSqliteSchemaVersions } from '../../db/sqlite/listSqliteSchemaVersions.ts';
import { openSqliteDatabase } from '../../db/sqlite/openSqliteDatabase.ts';
import type { SqliteMigration } from '../../db/sqlite/SqliteMigration.ts';
import { SqliteStatements } from '../../db/sqlite/SqliteStatements.ts';
import { withSqliteTransaction } from '../../db/sqlite/withSqliteTransaction.ts';
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
import type { DeadLetterRecord, DeliveryRecord, EventLogRecord, IdempotencyRecord, RuleRecord, TargetRecord } from './records.ts';
import { readEventLogCursor } from './readEventLogCursor.ts';
import { sqliteEventStoreMigrations } from './sqliteEventStoreMigrations.ts';
import { readDeliveryRow } from './readDeliveryRow.ts';
import { writeDeliveryRow } from './writeDeliveryRow.ts';

/** What delivery reads select. */
const DELIVERY_COLUMNS = 'doc, lease_owner, lease_expires_at';
/** PENDING, due at ?1 and not under a live lease at ?1 (epoch ms). */
const CLAIMABLE = `status = 'PENDING' AND (next_attempt_at IS NULL OR next_attempt_at <= ?1) AND (lease_expires_at IS NULL OR lease_expires_at <= ?1)`;

interface DeliveryColumns {
  doc: string;
  lease_owner: string | null;
  lease_expires_at: number | null;
}

/** Its own migrations table, not `schema_migrations`, so that the file may be shared with a store that has that one. */
const MIGRATIONS_TABLE = 'event_store_migrations';

/**
 * Embedded event store on Node's built-in SQLite (`node:sqlite`), normally
 * `<data dir>/events.sqlite`, opened by `openSqliteDatabase`. The schema is
 * versioned by its own migrations table (`event_store_migrations`), so the
 * file may also be shared with other stores; a file migrated by a newer
 * Kinora is refused. WAL mode and `BEGIN IMMEDIATE` transactions
 * (`withSqliteTransaction`) keep check-and-write operations atomic when the
 * CLI and a server open the same file: a delivery claim selects and leases
 * under the write lock, so two processes never claim the same delivery, and
 * the write that records an attempt checks the lease in the same `UPDATE`.
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
    const row = writeDeliveryRow(d);
    this.run(
      `INSERT INTO event_deliveries (id, event_id, rule_arn, status, next_attempt_at, lease_owner, lease_expires_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, next_attempt_at = excluded.next_attempt_at,
         lease_owner = excluded.lease_owner, lease_expires_at = excluded.lease_expires_at, doc = excluded.doc`,
      d.id, d.eventId, d.ruleArn, d.status, row.nextAttemptAt, row.leaseOwner, row.leaseExpiresAt, row.doc,
    );
  }
  async getDelivery(id: string): Promise<DeliveryRecord | undefined> {
    return this.deliveries(`SELECT ${DELIVERY_COLUMNS} FROM event_deliveries WHERE id = ?`, id)[0];
  }
  async listDeliveries(query: ListDeliveriesQuery = {}): Promise<DeliveryRecord[]> {
    return this.deliveries(
      `SELECT ${DELIVERY_COLUMNS} FROM event_deliveries
       WHERE (?1 IS NULL OR event_id = ?1) AND (?2 IS NULL OR rule_arn = ?2) AND (?3 IS NULL OR status = ?3)
         AND (?5 IS NULL OR event_id IN (SELECT value FROM json_each(?5)))
       ORDER BY seq LIMIT ?4`,
      query.eventId ?? null, query.ruleArn ?? null, query.status ?? null, query.limit ?? -1, query.eventIds === undefined ? null : JSON.stringify(query.eventIds),
    );
  }

  async claimDeliveries(query: ClaimDeliveriesQuery): Promise<DeliveryRecord[]> {
    const now = Date.parse(query.now);
    const expiresAt = now + query.leaseMs;
    // BEGIN IMMEDIATE holds the write lock from the select to the update: a
    // claimer in another process (the CLI and a server share the file) waits,
    // then finds these leased.
    return withSqliteTransaction(this.db, () => {
      const rows = this.statements.prepare(
        `SELECT id, ${DELIVERY_COLUMNS} FROM event_deliveries
          WHERE ${CLAIMABLE} AND (?2 IS NULL OR id IN (SELECT value FROM json_each(?2)))
          ORDER BY seq LIMIT ?3`,
      ).all(now, query.ids === undefined ? null : JSON.stringify(query.ids), query.limit) as unknown as (DeliveryColumns & { id: string })[];
      const lease = this.statements.prepare('UPDATE event_deliveries SET lease_owner = ?, lease_expires_at = ? WHERE id = ?');
      for (const row of rows) lease.run(query.owner, expiresAt, row.id);
      return rows.map((row) => readDeliveryRow(JSON.parse(row.doc) as DeliveryRecord, query.owner, expiresAt));
    });
  }
  async renewDeliveryLeases(query: RenewDeliveryLeasesQuery): Promise<string[]> {
    const expiresAt = Date.parse(query.now) + query.leaseMs;
    const rows = this.statements.prepare(
      `UPDATE event_deliveries SET lease_expires_at = ?1
        WHERE id IN (SELECT value FROM json_each(?2)) AND lease_owner = ?3 AND status = 'PENDING'
        RETURNING id`,
    ).all(expiresAt, JSON.stringify(query.ids), query.owner) as { id: string }[];
    const renewed = new Set(rows.map((r) => r.id));
    return [...new Set(query.ids)].filter((id) => renewed.has(id));
  }
  async releaseDeliveryLeases(query: { owner: string; ids: string[] }): Promise<void> {
    this.run(
      `UPDATE event_deliveries SET lease_owner = NULL, lease_expires_at = NULL
        WHERE id IN (SELECT value FROM json_each(?1)) AND lease_owner = ?2 AND status = 'PENDING'`,
      JSON.stringify(query.ids), query.owner,
    );
  }
  async recordDeliveryAttempt(attempt: DeliveryAttemptRecord): Promise<boolean> {
    const d = attempt.delivery;
    const row = writeDeliveryRow(d);
    return withSqliteTransaction(this.db, () => {
      const written = this.run(
        `UPDATE event_deliveries SET status = ?, next_attempt_at = ?, lease_owner = NULL, lease_expires_at = NULL, doc = ?
          WHERE id = ? AND lease_owner = ? AND status = 'PENDING'`,
        d.status, row.nextAttemptAt, row.doc, d.id, attempt.owner,
      );
      if (Number(written.changes) !== 1) return false;
      if (attempt.deadLetter) this.writeDeadLetter(attempt.deadLetter);
      if (attempt.releaseKey !== undefined) this.run('DELETE FROM event_idempotency_keys WHERE key = ? AND delivery_id = ?', attempt.releaseKey, d.id);
      return true;
    });
  }

  async putEvent(record: EventLogRecord): Promise<void> {
    const { event, receivedAt, origin, deliveryIds } = record;
    // Under the write lock: a concurrent log of the same event (another
    // process) waits, then adds its delivery ids to these.
    withSqliteTransaction(this.db, () => {
      const logged = this.statements.prepare('SELECT delivery_ids FROM event_log WHERE event_id = ?').get(event.id) as { delivery_ids: string } | undefined;
      if (logged) {
        const ids = [...new Set([...(JSON.parse(logged.delivery_ids) as string[]), ...deliveryIds])];
        this.run('UPDATE event_log SET delivery_ids = ? WHERE event_id = ?', JSON.stringify(ids), event.id);
        return;
      }
      this.run(
        'INSERT INTO event_log (event_id, source, detail_type, received_at, delivery_ids, doc) VALUES (?, ?, ?, ?, ?, ?)',
        event.id, event.source, event['detail-type'], Date.parse(receivedAt), JSON.stringify(deliveryIds), JSON.stringify({ event, receivedAt, origin }),
      );
    });
  }
  async listEvents(query: ListEventsQuery): Promise<EventLogPage> {
    const rows = this.statements.prepare(
      `SELECT seq, delivery_ids, doc FROM event_log
        WHERE (?1 IS NULL OR source = ?1) AND (?2 IS NULL OR detail_type = ?2) AND (?3 IS NULL OR seq < ?3)
        ORDER BY seq DESC LIMIT ?4`,
    ).all(query.source ?? null, query.detailType ?? null, query.before === undefined ? null : readEventLogCursor(query.before), query.limit + 1) as { seq: number; delivery_ids: string; doc: string }[];
    const page = rows.slice(0, query.limit);
    return {
      events: page.map((row) => ({ ...(JSON.parse(row.doc) as Omit<EventLogRecord, 'deliveryIds'>), deliveryIds: JSON.parse(row.delivery_ids) as string[] })),
      ...(rows.length > page.length && page.length > 0 ? { next: String(page.at(-1)!.seq) } : {}),
    };
  }
  async pruneEvents(query: PruneEventsQuery): Promise<number> {
    // The newest `keep` are the rows above the one at offset `keep` (none: NULL, nothing deleted by count).
    const pruned = this.run(
      'DELETE FROM event_log WHERE seq <= (SELECT seq FROM event_log ORDER BY seq DESC LIMIT 1 OFFSET ?1) OR received_at < ?2',
      query.keep, query.receivedBefore === undefined ? null : Date.parse(query.receivedBefore),
    );
    return Number(pruned.changes);
  }

  async putDeadLetter(d: DeadLetterRecord): Promise<void> {
    this.writeDeadLetter(d);
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

  private writeDeadLetter(d: DeadLetterRecord): void {
    this.run(
      'INSERT INTO event_dead_letters (id, rule_arn, resolved, doc) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET resolved = excluded.resolved, doc = excluded.doc',
      d.id, d.ruleArn, d.resolvedAt === undefined ? 0 : 1, JSON.stringify(d),
    );
  }

  private deliveries(sql: string, ...args: SQLInputValue[]): DeliveryRecord[] {
    const rows = this.statements.prepare(sql).all(...args) as unknown as DeliveryColumns[];
    return rows.map((row) => readDeliveryRow(JSON.parse(row.doc) as DeliveryRecord, row.lease_owner, row.lease_expires_at));
  }

  private run(sql: string, ...args: SQLInputValue[]) {
    return this.statements.prepare(sql).run(...args);
  }
}
