import { join } from 'node:path';
import type { Catalog } from '../catalog/Catalog.ts';
import { PostgresCatalog } from '../catalog/PostgresCatalog.ts';
import { SqliteCatalog } from '../catalog/SqliteCatalog.ts';
import { openPostgresPool } from '../db/postgres/openPostgresPool.ts';
import type { EventStore } from '../events/store/EventStore.ts';
import { PostgresEventStore } from '../events/store/PostgresEventStore.ts';
import { SqliteEventStore } from '../events/store/SqliteEventStore.ts';
import type { JobStore } from '../transcode/JobStore.ts';
import { PostgresJobStore } from '../transcode/PostgresJobStore.ts';
import { SqliteJobStore } from '../transcode/SqliteJobStore.ts';
import { deferredStore } from './deferredStore.ts';
import type { KinoraConfig } from './KinoraConfig.ts';

/** Kinora's database-backed state: the catalog, the event bus's store and the transcoding queue. */
export interface Stores {
  catalog: Catalog;
  eventStore: EventStore;
  jobStore: JobStore;
  /** `sqlite`: files in the data dir; `postgres`: the database at `DATABASE_URL`. */
  backend: 'sqlite' | 'postgres';
  /**
   * Resolves once every store is open (on PostgreSQL, its schema migrated);
   * rejects with the reason one could not open (database unreachable,
   * schema newer than this Kinora). The stores can be called before: calls
   * wait for it.
   */
  ready(): Promise<void>;
  /** Closes the stores it opened (not a `catalog` it was given), then the pool. */
  close(): Promise<void>;
}

/**
 * Opens the stores where `config` says: SQLite files in the data dir
 * (`catalog.sqlite`, `events.sqlite`, `transcode.sqlite`) by default, or,
 * when `databaseUrl` is set, PostgreSQL, every store on one shared pool, each
 * migrating its own schema component (`catalog`, `events`, `transcode`).
 *
 * Synchronous, so that `openKinora` and the CLI can stay so: PostgreSQL
 * stores open in the background (see `deferredStore`); `await ready()` to
 * fail fast when the database is not there. `options.catalog` is a catalog
 * already open (a Kinora assembled by hand): it is used as it is, and left
 * to its owner to close.
 */
export function openStores(config: Pick<KinoraConfig, 'dataDir' | 'databaseUrl'>, options: { catalog?: Catalog } = {}): Stores {
  return config.databaseUrl ? openPostgresStores(config.databaseUrl, options.catalog) : openSqliteStores(config.dataDir, options.catalog);
}

function openSqliteStores(dataDir: string, given: Catalog | undefined): Stores {
  const catalog = given ?? new SqliteCatalog(join(dataDir, 'catalog.sqlite'));
  const eventStore = new SqliteEventStore(join(dataDir, 'events.sqlite'));
  const jobStore = new SqliteJobStore(join(dataDir, 'transcode.sqlite'));
  return {
    catalog,
    eventStore,
    jobStore,
    backend: 'sqlite',
    ready: async () => {},
    async close() {
      await jobStore.close();
      await eventStore.close();
      if (!given) await catalog.close();
    },
  };
}

function openPostgresStores(url: string, given: Catalog | undefined): Stores {
  const pool = openPostgresPool(url);
  const openings = {
    catalog: given ? Promise.resolve(given) : PostgresCatalog.open(pool),
    eventStore: PostgresEventStore.open(pool),
    jobStore: PostgresJobStore.open(pool),
  };
  const opened = Promise.all(Object.values(openings));
  opened.catch(() => {});
  const catalog = given ?? deferredStore<Catalog>(openings.catalog);
  const eventStore = deferredStore<EventStore>(openings.eventStore);
  const jobStore = deferredStore<JobStore>(openings.jobStore);
  let closing: Promise<void> | undefined;
  return {
    catalog,
    eventStore,
    jobStore,
    backend: 'postgres',
    ready: async () => void (await opened),
    close() {
      // The stores share the pool (closing them ends nothing); the pool ends once, after every opening has settled.
      closing ??= (async () => {
        await jobStore.close();
        await eventStore.close();
        if (!given) await catalog.close();
        await pool.end();
      })();
      return closing;
    },
  };
}
