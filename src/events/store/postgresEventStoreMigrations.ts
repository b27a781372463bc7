import type { PostgresMigration } from '../../db/postgres/PostgresMigration.ts';

/**
 * The event store schema in PostgreSQL, component `events` of
 * `schema_migrations`. Append new steps; never edit one that has shipped.
 * As in SQLite, each record is its JSON document (`json`, kept verbatim: a
 * `jsonb` would refuse the `\u0000` an event's detail may carry) plus the
 * columns it is looked up or ordered by. Names and ids compare byte-wise
 * (`COLLATE "C"`) whatever the database's locale, so rules list and page
 * in the same order as on the other adapters. A delivery's lease lives in
 * its columns only (`lease_owner`, `lease_expires_at`, epoch ms), next to
 * its due time (`next_attempt_at`): `claimDeliveries` sets them in one
 * `UPDATE` (a `json` document cannot be edited in SQL without `jsonb`).
 */
export const postgresEventStoreMigrations: PostgresMigration[] = [
  {
    version: 1,
    name: 'rules, targets, deliveries, dead letters, idempotency keys',
    sql: `
      CREATE TABLE event_rules (
        bus text COLLATE "C" NOT NULL, name text COLLATE "C" NOT NULL, doc json NOT NULL,
        PRIMARY KEY (bus, name)
      );
      CREATE TABLE event_targets (
        bus text COLLATE "C" NOT NULL, rule text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, doc json NOT NULL,
        PRIMARY KEY (bus, rule, id)
      );
      CREATE TABLE event_deliveries (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id text UNIQUE NOT NULL,
        event_id text NOT NULL, rule_arn text NOT NULL, status text NOT NULL, doc json NOT NULL
      );
      CREATE INDEX event_deliveries_event ON event_deliveries (event_id);
      CREATE INDEX event_deliveries_status ON event_deliveries (status);
      CREATE INDEX event_deliveries_rule ON event_deliveries (rule_arn);
      CREATE TABLE event_dead_letters (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id text UNIQUE NOT NULL,
        rule_arn text NOT NULL, resolved boolean NOT NULL, doc json NOT NULL
      );
      CREATE INDEX event_dead_letters_unresolved ON event_dead_letters (seq) WHERE NOT resolved;
      CREATE TABLE event_idempotency_keys (
        key text PRIMARY KEY, delivery_id text NOT NULL, status text NOT NULL, doc json NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'delivery leases',
    // Existing PENDING deliveries get no lease (claimable) and keep the due
    // time of their retry, read from their document (ISO 8601 -> epoch ms).
    // PostgreSQL's JSON operators refuse a document holding a \u0000 escape
    // anywhere (an event's detail may), so the document is read with each
    // one turned into \u0001: the same length and shape, valid JSON whether
    // its backslash starts an escape or ends an escaped backslash, and never
    // inside the top-level nextAttemptAt read here.
    sql: `
      ALTER TABLE event_deliveries
        ADD COLUMN next_attempt_at bigint, ADD COLUMN lease_owner text, ADD COLUMN lease_expires_at bigint;
      UPDATE event_deliveries
         SET next_attempt_at = round(extract(epoch FROM (replace(doc::text, '\\u0000', '\\u0001')::json->>'nextAttemptAt')::timestamptz) * 1000)::bigint
       WHERE status = 'PENDING' AND strpos(doc::text, '"nextAttemptAt"') > 0;
      CREATE INDEX event_deliveries_pending ON event_deliveries (seq) WHERE status = 'PENDING';
    `,
  },
  {
    version: 3,
    name: 'event log',
    // Every event that entered the bus, matched or not (EventStore.putEvent):
    // numbered in the order first logged (seq: newest first, the paging
    // cursor, and what retention keeps), filtered by source or detail-type,
    // pruned by age (received_at, epoch ms). The document (the event,
    // receivedAt and origin) is json like the others, never read with JSON
    // operators; the ids of its deliveries are an array column, so that a
    // re-logged event adds to them in its one INSERT ... ON CONFLICT. text
    // refuses NUL, so the filter columns hold source and detail-type with
    // each NUL as U+FFFD (PostgresEventStore filters alike).
    sql: `
      CREATE TABLE event_log (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, event_id text UNIQUE NOT NULL,
        source text COLLATE "C" NOT NULL, detail_type text COLLATE "C" NOT NULL, received_at bigint NOT NULL,
        delivery_ids text[] NOT NULL, doc json NOT NULL
      );
      CREATE INDEX event_log_source ON event_log (source, seq);
      CREATE INDEX event_log_detail_type ON event_log (detail_type, seq);
      CREATE INDEX event_log_received ON event_log (received_at);
    `,
  },
];
