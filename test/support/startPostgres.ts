import { execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/kinora`: an empty database, for `DATABASE_URL`. */
  url: string;
  /** Creates one more empty database on the cluster and returns its URL (a fresh store per test). */
  createDatabase(): Promise<string>;
  /** Stops the cluster and removes its directory. */
  close(): Promise<void>;
}

/**
 * A throwaway PostgreSQL cluster for one test file, from the server binaries
 * of Debian's `postgresql` package (scripts/setup.sh installs it): `initdb`
 * into a fresh temporary directory, then `pg_ctl start` on 127.0.0.1 and a
 * free port, with its Unix socket inside that directory, so several test
 * files can each run one at the same time. Durability is switched off
 * (`fsync`, `synchronous_commit`, `full_page_writes`): the cluster is thrown
 * away anyway, and it keeps start-up and every commit fast.
 *
 * PostgreSQL refuses to run as root, so as root (CI) every server command
 * runs as the `postgres` system user through `runuser`, on a directory
 * chowned to it. If the test process ends without calling `close()` (an
 * uncaught error, SIGINT, SIGTERM), its handlers still stop the cluster.
 */
export async function startPostgres(): Promise<TestPostgres> {
  const bin = findPostgresBinaries();
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'kinora-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const run = (command: string, args: string[]) => {
    const [file, argv] = root ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]] : [join(bin, command), args];
    // cwd: the dir, because the postgres user may not be allowed into the caller's.
    return execFileSync(file, argv, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  };
  let started = false;
  const stopSync = () => {
    if (started) {
      try {
        run('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']);
      } catch {
        // Already stopped; the directory goes anyway.
      }
      started = false;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // A test process that ends without close() (a crash, a runner's SIGTERM
  // on timeout) must not leave a server running on the machine.
  const onSignal = (signal: NodeJS.Signals) => {
    stopSync();
    process.kill(process.pid, signal);
  };
  const detach = () => {
    process.removeListener('exit', stopSync);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  };
  process.once('exit', stopSync);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    if (root) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(dir, uid, gid);
    }
    run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
    appendFileSync(
      join(data, 'postgresql.conf'),
      [
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${dir.replaceAll("'", "''")}'`,
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        'max_connections = 50',
        'shared_buffers = 16MB',
        '',
      ].join('\n'),
    );
    // The port is free when picked but another process may take it before the
    // server binds it: on "address already in use", try another.
    let port = 0;
    for (let attempt = 1; !started; attempt++) {
      port = await freePort();
      try {
        run('pg_ctl', ['start', '-D', data, '-l', log, '-w', '-t', '60', '-o', `-p ${port}`]);
        started = true;
      } catch (e) {
        const serverLog = existsSync(log) ? readFileSync(log, 'utf8') : '';
        if (attempt < 5 && /already in use/i.test(serverLog)) continue;
        throw new Error(`pg_ctl start failed: ${describeFailure(e)}\n${serverLog}`, { cause: e });
      }
    }

    const base = `postgres://postgres@127.0.0.1:${port}`;
    let databases = 0;
    const createDatabase = async () => {
      const name = `kinora${databases++ === 0 ? '' : `_${databases}`}`;
      const client = new pg.Client({ connectionString: `${base}/postgres` });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `${base}/${name}`;
    };
    const url = await createDatabase();
    return {
      url,
      createDatabase,
      close: async () => {
        detach();
        stopSync();
      },
    };
  } catch (e) {
    detach();
    stopSync();
    throw e;
  }
}

/** `pg_config --bindir` when it names a server, else the newest /usr/lib/postgresql/<major>/bin (Debian's layout). */
function findPostgresBinaries(): string {
  try {
    const bindir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (existsSync(join(bindir, 'initdb')) && existsSync(join(bindir, 'pg_ctl'))) return bindir;
  } catch {
    // No pg_config (it comes with libpq-dev): look in Debian's layout.
  }
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').filter((v) => existsSync(join('/usr/lib/postgresql', v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) {
    throw new Error('PostgreSQL server binaries not found (no initdb from pg_config --bindir or in /usr/lib/postgresql/*/bin): run scripts/setup.sh');
  }
  return join('/usr/lib/postgresql', versions[0], 'bin');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port from the OS');
  return address.port;
}

function describeFailure(e: unknown): string {
  const failure = e as { message?: string; stderr?: string; stdout?: string };
  return [failure.message, failure.stdout, failure.stderr].filter(Boolean).join('\n');
}
