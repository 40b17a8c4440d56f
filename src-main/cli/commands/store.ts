/**
 * `archwalk store`: set up and fill the store that a lab shares. `init` creates or migrates the
 * schema of a store (PostgreSQL under an advisory lock, so several machines may run it at once);
 * `copy` moves a home's SQLite store into an empty PostgreSQL one, verified by counts and
 * checksums. The lab's queue and workers on such a store: cli/commands/lab.ts.
 */
import { parseArgs } from 'node:util';
import { configBenchmarks, type RunConfig } from '#shared/config.ts';
import { contentChecksumsByName } from '../../services/benchmark-cells.ts';
import { resolveHome } from '../../services/home.ts';
import { Store } from '../../services/store.ts';
import { parseStoreUrl, redactSecrets, resolveStoreUrl, type StoreUrl } from '../../services/store-url.ts';
import { UserError } from '../../services/user-error.ts';
import { MIGRATIONS } from '../../services/migrations.ts';
import { print, UsageError } from '../context.ts';
import { table } from '../format.ts';

export const STORE_USAGE = `archwalk store init [URL]                         create or migrate a store's schema (default: --store, ARCHWALK_STORE, the home's SQLite file)
archwalk store copy --from sqlite:PATH --to postgres://USER@HOST/DB
                                                       move a home's experiments, runs, events, benchmark registrations and agents into an empty PostgreSQL store`;

type PostgresStoreUrl = Extract<StoreUrl, { kind: 'postgres' }>;

async function initStore(url: StoreUrl): Promise<void> {
  if (url.kind === 'sqlite') {
    // Opening the store creates or migrates it (with a backup of an existing file first).
    const store = new Store(url.path);
    try {
      print(`${url.redacted}: schema version ${store.schemaVersion} (current: ${MIGRATIONS[MIGRATIONS.length - 1]!.version})`);
    } finally {
      store.close();
    }
    return;
  }
  const { connectPostgres } = await import('../../services/postgres/connect.ts');
  const { migratePostgres } = await import('../../services/postgres/migrations.ts');
  const client = await connectPostgres(url);
  try {
    const { from, to } = await migratePostgres(client, url.redacted);
    print(from === to ? `${url.redacted}: schema version ${to}, already current` : `${url.redacted}: schema version ${from} → ${to}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function copyStore(fromText: string | undefined, toText: string | undefined): Promise<void> {
  if (!fromText || !toText) throw new UsageError('usage: archwalk store copy --from sqlite:PATH --to postgres://USER@HOST/DB');
  const from = parseStoreUrl(fromText);
  const to = parseStoreUrl(toText);
  if (from.kind !== 'sqlite' || to.kind !== 'postgres') {
    throw new UserError(`store copy moves a SQLite store into a PostgreSQL one (--from sqlite:PATH --to postgres://…); got --from ${from.redacted} --to ${to.redacted}`);
  }
  const { existsSync } = await import('node:fs');
  if (!existsSync(from.path)) throw new UserError(`--from ${from.redacted}: no such file`);
  const { connectPostgres } = await import('../../services/postgres/connect.ts');
  const { migratePostgres } = await import('../../services/postgres/migrations.ts');
  const { copySqliteToPostgres } = await import('../../services/postgres/copy-from-sqlite.ts');
  const source = new Store(from.path);
  const client = await connectPostgres(to as PostgresStoreUrl);
  try {
    // An empty database is initialised first; a store of an older or newer schema is refused by the migration.
    await migratePostgres(client, to.redacted);
    const copied = await copySqliteToPostgres(source.db, client, { from: from.redacted, to: to.redacted }, runChecksums(source));
    print(table(['table', 'rows', 'sha256 (same on both sides)'], copied.map((c) => [c.table, String(c.rows), c.sha256])));
    print(`copied ${from.redacted} into ${to.redacted}`);
  } finally {
    await client.end().catch(() => undefined);
    source.close();
  }
}

/** Each run's benchmarks by content, where the source still holds all of them (a run on a removed table gets none). */
function runChecksums(source: Store): Map<number, string[]> {
  const checksum = contentChecksumsByName((name) => source.getBenchmark(name));
  const content = (name: string): string | null => {
    try {
      return checksum(name);
    } catch {
      return null; // its file is gone: runs on it cannot be matched by a worker
    }
  };
  const out = new Map<number, string[]>();
  for (const run of source.listRuns()) {
    const sums = configBenchmarks(JSON.parse(run.config_json) as RunConfig).map(content);
    if (sums.every((sum) => sum !== null)) out.set(run.id, sums as string[]);
  }
  return out;
}

export async function storeCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { from: { type: 'string' }, to: { type: 'string' }, store: { type: 'string' } } });
  // Whatever fails, a password of either URL never reaches the terminal.
  const urls = [positionals[0], values.store, values.from, values.to, process.env.ARCHWALK_STORE]
    .flatMap((text) => { try { return text ? [parseStoreUrl(text)] : []; } catch { return []; } });
  const scrub = (message: string): string => urls.reduce((m, url) => redactSecrets(m, url), message);
  try {
    switch (sub) {
      case 'init':
        await initStore(positionals[0] !== undefined ? parseStoreUrl(positionals[0]) : resolveStoreUrl(values.store, resolveHome()));
        return 0;
      case 'copy':
        await copyStore(values.from, values.to);
        return 0;
      default:
        throw new UsageError(STORE_USAGE);
    }
  } catch (error) {
    if (error instanceof Error) error.message = scrub(error.message);
    if (error instanceof Error && error.stack) error.stack = scrub(error.stack);
    throw error;
  }
}
