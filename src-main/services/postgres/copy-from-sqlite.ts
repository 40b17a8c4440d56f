/**
 * `archwalk store copy`: moves a home's SQLite store into an empty PostgreSQL store — its
 * benchmarks' registrations, experiments, runs with their attempts and event logs, and agents
 * with what they were trained on — keeping every id, in ONE PostgreSQL transaction. Before it
 * commits, each table is read back from PostgreSQL and compared with the source by row count
 * and a SHA-256 over its rows in key order; any difference rolls everything back.
 *
 * Each run also gets the content checksums of its benchmarks (PostgreSQL's benchmark_checksums,
 * which lab workers claim by), computed by the caller from the source's tables.
 *
 * Not copied: settings (data roots are folders of the source machine), benchmark import
 * reservations (in-progress imports), and caches (live results, analyses), which each store
 * rebuilds. Files (benchmark tables, checkpoints) stay where they are: the copied rows name
 * the source machine's paths.
 */
import { createHash } from 'node:crypto';
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { Client } from 'pg';
import { UserError } from '../user-error.ts';

/** The copied tables in insertion order (parents first), each with its primary key. */
export const COPIED_TABLES: readonly { table: string; key: readonly string[] }[] = [
  { table: 'benchmarks', key: ['id'] },
  { table: 'experiments', key: ['id'] },
  { table: 'runs', key: ['id'] },
  { table: 'run_attempts', key: ['run_id', 'attempt'] },
  { table: 'run_events', key: ['run_id', 'seq'] },
  { table: 'agents', key: ['id'] },
  { table: 'agent_training', key: ['agent_id', 'position'] },
];

/** Tables whose ids PostgreSQL generates: their identity sequences continue after the copied ids. */
const IDENTITY_TABLES = ['benchmarks', 'experiments', 'runs', 'agents'];
const BATCH = 1000;

export interface TableCopy {
  table: string;
  rows: number;
  sha256: string;
}

type Row = Record<string, unknown>;

/** Reads a table in key order, a batch at a time (keyset pagination keeps each read short). */
type BatchReader = (table: string, columns: readonly string[], key: readonly string[], after: unknown[] | null) => Promise<Row[]>;

/** Row count and a SHA-256 over the rows (values in column order, as JSON) in key order. */
async function digest(read: BatchReader, table: string, columns: readonly string[], key: readonly string[]): Promise<{ rows: number; sha256: string }> {
  const hash = createHash('sha256');
  let rows = 0;
  let after: unknown[] | null = null;
  for (;;) {
    const batch = await read(table, columns, key, after);
    for (const row of batch) hash.update(`${JSON.stringify(columns.map((c) => row[c] ?? null))}\n`);
    rows += batch.length;
    if (batch.length < BATCH) return { rows, sha256: hash.digest('hex') };
    const last = batch[batch.length - 1]!;
    after = key.map((k) => last[k]);
  }
}

function keysetSql(table: string, columns: readonly string[], key: readonly string[], after: unknown[] | null, placeholder: (i: number) => string): string {
  const where = after ? ` WHERE (${key.join(', ')}) > (${key.map((_, i) => placeholder(i + 1)).join(', ')})` : '';
  return `SELECT ${columns.join(', ')} FROM ${table}${where} ORDER BY ${key.join(', ')} LIMIT ${BATCH}`;
}

function sqliteReader(db: DatabaseSync): BatchReader {
  return async (table, columns, key, after) =>
    db.prepare(keysetSql(table, columns, key, after, () => '?')).all(...((after ?? []) as SQLInputValue[])) as Row[];
}

function postgresReader(client: Client): BatchReader {
  return async (table, columns, key, after) => (await client.query(keysetSql(table, columns, key, after, (i) => `$${i}`), after ?? [])).rows as Row[];
}

async function postgresColumns(client: Client, table: string): Promise<string[]> {
  const { rows } = await client.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`, [table]);
  return rows.map((r) => r.column_name);
}

function sqliteColumns(db: DatabaseSync, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((r) => r.name);
}

async function assertEmpty(client: Client, target: string): Promise<void> {
  const held: string[] = [];
  for (const { table } of COPIED_TABLES) {
    const { rows: [row] } = await client.query<{ n: number }>(`SELECT COUNT(*)::bigint AS n FROM ${table}`);
    if (row!.n > 0) held.push(`${row!.n} ${table}`);
  }
  if (held.length > 0) throw new UserError(`the target store ${target} is not empty (it holds ${held.join(', ')}): store copy only fills an empty store, so that nothing is mixed or overwritten`);
}

async function insertBatch(client: Client, table: string, columns: readonly string[], rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const params: unknown[] = [];
  const tuples = rows.map((row) => `(${columns.map((c) => { params.push(row[c] ?? null); return `$${params.length}`; }).join(', ')})`);
  await client.query(`INSERT INTO ${table} (${columns.join(', ')}) OVERRIDING SYSTEM VALUE VALUES ${tuples.join(', ')}`, params);
}

/**
 * Copies the SQLite database `source` (a current schema) into the PostgreSQL store `target`
 * (initialised, empty). All or nothing: on any error or checksum difference nothing is kept.
 */
export async function copySqliteToPostgres(source: DatabaseSync, target: Client, names: { from: string; to: string },
  runChecksums: ReadonlyMap<number, readonly string[]> = new Map()): Promise<TableCopy[]> {
  // One read transaction on SQLite: the copy is a snapshot even while runs write to the home.
  source.exec('BEGIN');
  await target.query('BEGIN');
  try {
    await assertEmpty(target, names.to);
    const fromSqlite = sqliteReader(source);
    const fromPostgres = postgresReader(target);
    const copied: TableCopy[] = [];
    for (const { table, key } of COPIED_TABLES) {
      const columns = sqliteColumns(source, table);
      const targetColumns = new Set(await postgresColumns(target, table));
      const missing = columns.filter((c) => !targetColumns.has(c));
      if (missing.length > 0) throw new UserError(`the target store ${names.to} has no column ${missing.join(', ')} in ${table}: its schema differs from this archwalk's; run archwalk store init ${names.to}`);
      let after: unknown[] | null = null;
      for (;;) {
        const batch = await fromSqlite(table, columns, key, after);
        try {
          await insertBatch(target, table, columns, batch);
        } catch (error) {
          // A value PostgreSQL's stricter types refuse (SQLite keeps text in an INTEGER column): say where.
          const sqlState = (error as { code?: string }).code ?? '';
          if (!/^(22|23)/.test(sqlState)) throw error;
          const first = key.map((k) => `${k} ${String(batch[0]![k])}`).join(', ');
          throw new UserError(`store copy: ${table} could not be copied (the batch from ${first}): ${(error as Error).message}; nothing was copied`);
        }
        if (batch.length < BATCH) break;
        after = key.map((k) => batch[batch.length - 1]![k]);
      }
      const [expected, actual] = [await digest(fromSqlite, table, columns, key), await digest(fromPostgres, table, columns, key)];
      if (expected.rows !== actual.rows || expected.sha256 !== actual.sha256) {
        throw new Error(`store copy: ${table} differs after copying (${names.from}: ${expected.rows} rows, sha256 ${expected.sha256}; ${names.to}: ${actual.rows} rows, sha256 ${actual.sha256}); nothing was copied`);
      }
      copied.push({ table, ...actual });
    }
    // What PostgreSQL keeps beyond SQLite's columns: each run's tables by content, so lab workers can claim the copied queue.
    if (runChecksums.size > 0) {
      await target.query(
        `UPDATE runs SET benchmark_checksums = ARRAY(SELECT jsonb_array_elements_text(c.sums))
           FROM jsonb_to_recordset($1::jsonb) AS c(id bigint, sums jsonb) WHERE runs.id = c.id`,
        [JSON.stringify([...runChecksums].map(([id, sums]) => ({ id, sums })))],
      );
    }
    for (const table of IDENTITY_TABLES) {
      await target.query(`SELECT setval(pg_get_serial_sequence($1, 'id'), GREATEST((SELECT MAX(id) FROM ${table}), 1), (SELECT MAX(id) FROM ${table}) IS NOT NULL)`, [table]);
    }
    await target.query('COMMIT');
    return copied;
  } catch (error) {
    await target.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    source.exec('COMMIT');
  }
}
