import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';

/**
 * The prepared statements of one SQLite database, each SQL text prepared
 * once (lookups by hash sit on the origin's hot path, and preparing costs
 * more than running such a lookup), plus the readers of the convention the
 * SQLite stores share: a record is kept as its JSON document in a `doc`
 * column beside the columns it is looked up by.
 */
export class SqliteStatements {
  private readonly db: DatabaseSync;
  private readonly prepared = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.db = db;
  }

  /** The statement for `sql`, prepared on first use. */
  prepare(sql: string): StatementSync {
    let statement = this.prepared.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.prepared.set(sql, statement);
    }
    return statement;
  }

  /** The `doc` of the first row `sql` selects, parsed; undefined when there is none. */
  one<T>(sql: string, ...args: SQLInputValue[]): T | undefined {
    const row = this.prepare(sql).get(...args) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as T) : undefined;
  }

  /** The `doc` of every row `sql` selects, parsed, in the order selected. */
  many<T>(sql: string, ...args: SQLInputValue[]): T[] {
    return (this.prepare(sql).all(...args) as { doc: string }[]).map((r) => JSON.parse(r.doc) as T);
  }
}
