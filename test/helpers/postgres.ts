/**
 * A temporary PostgreSQL cluster for the tests, from Debian's package (apt-get install
 * postgresql): initdb into a temp dir, the server on a free loopback port with its unix
 * socket in that dir, stopped and removed at the end. PostgreSQL refuses to run as root, so
 * as root the cluster belongs to the `postgres` user that the Debian package creates.
 *
 * Tests that need it pass `{ skip: postgresSkip }`: without the binaries they are skipped
 * with that reason (node:test prints it), never silently passed.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export const POSTGRES_BIN = process.env.ARCHWALK_POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

/** Why the PostgreSQL tests cannot run here, or false. */
export const postgresSkip: string | false = existsSync(join(POSTGRES_BIN, 'initdb')) && existsSync(join(POSTGRES_BIN, 'pg_ctl'))
  ? false
  : `PostgreSQL 15 not found at ${POSTGRES_BIN} (apt-get install postgresql, or bash scripts/setup.sh --browser): PostgreSQL store tests skipped`;

export interface PostgresCluster {
  readonly port: number;
  /** The superuser's password (password authentication over TCP, as a lab server would have it). */
  readonly password: string;
  /** A postgres:// URL of a database in the cluster (created by createDatabase). */
  url(database: string, options?: { user?: string; password?: string }): string;
  createDatabase(name: string): Promise<string>;
  /** Stops the server at once (as a crash would) or cleanly, and starts it again on the same port. */
  restart(mode?: 'fast' | 'immediate'): void;
  stop(): void;
}

const USER = 'archwalk';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL binary as the cluster's owner (the `postgres` user when we are root). */
function asOwner(binary: string, args: string[]): string {
  const path = join(POSTGRES_BIN, binary);
  const [command, ...rest] = userInfo().uid === 0 ? ['runuser', '-u', 'postgres', '--', path, ...args] : [path, ...args];
  return execFileSync(command!, rest, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function ownerIds(): { uid: number; gid: number } | null {
  if (userInfo().uid !== 0) return null;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/**
 * Starts a fresh cluster. fsync is off unless `durable` (a test cluster need not survive a
 * power loss); benchmarks that compare with SQLite's synchronous=FULL ask for durable commits.
 */
export async function startPostgres(options: { durable?: boolean } = {}): Promise<PostgresCluster> {
  const durability = options.durable ? '-c fsync=on -c synchronous_commit=on' : '-c fsync=off -c full_page_writes=off';
  const dir = mkdtempSync(join(tmpdir(), 'archwalk-pg-'));
  const owner = ownerIds();
  if (owner) chownSync(dir, owner.uid, owner.gid);
  chmodSync(dir, 0o700);
  const data = join(dir, 'data');
  const password = `pw-${process.pid}-${Date.now().toString(36)}`;
  const pwfile = join(dir, 'pwfile');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (owner) chownSync(pwfile, owner.uid, owner.gid);
  const port = await freePort();
  const started = (): void => {
    asOwner('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '30', '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 ${durability} -c max_connections=200`, 'start']);
  };
  try {
    asOwner('initdb', ['-D', data, '-U', USER, `--pwfile=${pwfile}`, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8', '-N']);
    started();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start a temporary PostgreSQL: ${(error as { stderr?: string }).stderr ?? String(error)}`);
  }
  const url = (database: string, options: { user?: string; password?: string } = {}): string =>
    `postgres://${options.user ?? USER}:${encodeURIComponent(options.password ?? password)}@127.0.0.1:${port}/${database}`;
  const stop = (mode: 'fast' | 'immediate'): void => {
    asOwner('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
  };
  // A test process that ends without its after() hook (a failed before(), Ctrl-C) leaves no server behind.
  const stopAtExit = (): void => {
    try {
      stop('immediate');
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopAtExit);
  return {
    port,
    password,
    url,
    async createDatabase(name) {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    restart(mode = 'fast') {
      stop(mode);
      started();
    },
    stop() {
      process.off('exit', stopAtExit);
      stopAtExit();
    },
  };
}
