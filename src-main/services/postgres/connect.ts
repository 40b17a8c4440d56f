/**
 * Connections to a PostgreSQL store. The `pg` client is imported here, when a postgres:// URL
 * is opened, and nowhere else: SQLite homes never load it. Connection failures become one
 * UserError each (unreachable host, refused credentials, missing database), with the URL's
 * password scrubbed from every message.
 */
import type { Client, ClientConfig } from 'pg';
import type { StoreUrl } from '../store-url.ts';
import { redactSecrets } from '../store-url.ts';
import { UserError } from '../user-error.ts';

export type PostgresUrl = Extract<StoreUrl, { kind: 'postgres' }>;

/** How long connecting may take before the store counts as unreachable. */
const CONNECT_TIMEOUT_MS = 10_000;
const INT8_OID = 20;
/**
 * The server ends a session that sits inside a transaction this long: a worker frozen
 * (SIGSTOP, a laptop lid) in the middle of a write would otherwise keep the run's row locked
 * and block the takeover it deserves. Far below the 30 s lease; archwalk's transactions take
 * milliseconds.
 */
export const IDLE_IN_TRANSACTION_MS = 5_000;

type PgModule = typeof import('pg');
let loaded: Promise<PgModule> | undefined;

/** The `pg` module, imported on first use. */
export function loadPg(): Promise<PgModule> {
  loaded ??= import('pg').then((m) => (m as unknown as { default: PgModule }).default);
  return loaded;
}

/**
 * BIGINT columns (ids, millisecond times) as JavaScript numbers, as node:sqlite returns them;
 * a value beyond 2^53 would lose digits, so it is an error rather than a wrong number.
 */
function int8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`a BIGINT value ${text} exceeds JavaScript's exact integers`);
  return value;
}

/** What went wrong connecting, in the user's terms (SQLSTATE and socket codes per PostgreSQL's docs). */
export function describeConnectError(error: unknown, url: PostgresUrl): UserError {
  const e = error as { code?: string; message?: string };
  const where = `${url.host}:${url.port}`;
  const detail = redactSecrets(e.message ?? String(error), url);
  switch (e.code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ETIMEDOUT':
    case 'ECONNRESET':
      return new UserError(`cannot reach the PostgreSQL store ${url.redacted}: nothing answers at ${where} (${detail}); is the server running and listening there?`);
    case '28P01':
    case '28000':
      return new UserError(`the PostgreSQL store ${url.redacted} refused the credentials of user ${url.user ?? '(default)'}: ${detail}; check the user and its password (in the URL or ~/.pgpass)`);
    case '3D000':
      return new UserError(`the PostgreSQL server at ${where} has no database ${url.database}: create it (createdb ${url.database}), then run archwalk store init`);
    default:
      if (/timeout/i.test(detail)) return new UserError(`cannot reach the PostgreSQL store ${url.redacted}: no answer from ${where} within ${CONNECT_TIMEOUT_MS / 1000} s`);
      return new UserError(`cannot open the PostgreSQL store ${url.redacted}: ${detail}`);
  }
}

/** The client settings of every archwalk connection (pool or single client). */
export async function clientConfig(url: PostgresUrl, applicationName = 'archwalk'): Promise<ClientConfig> {
  const pg = await loadPg();
  return {
    connectionString: url.connectionString,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: applicationName,
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_MS,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? int8 : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  };
}

/** A connected client; the caller ends it. */
export async function connectPostgres(url: PostgresUrl, applicationName = 'archwalk'): Promise<Client> {
  const pg = await loadPg();
  const client = new pg.Client(await clientConfig(url, applicationName));
  // A connection that the server or the network drops later emits 'error'; unhandled it would end the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw describeConnectError(error, url);
  }
  return client;
}
