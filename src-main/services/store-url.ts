/**
 * Store URLs: where a home's experiments, runs and events live. `sqlite:PATH` is the embedded
 * store (node:sqlite, the default `sqlite:$ARCHWALK_HOME/archwalk.db`); `postgres://…` (or
 * `postgresql://…`) a PostgreSQL database that several machines share. Parsed and validated
 * here only; the password of a URL is never shown: every message names the URL as `redacted`.
 */
import { join, resolve } from 'node:path';
import { UserError } from './user-error.ts';

export type StoreUrl =
  | { readonly kind: 'sqlite'; readonly path: string; readonly redacted: string }
  | {
      readonly kind: 'postgres';
      /** The URL as given (with its password, if any): only for the client, never for messages. */
      readonly connectionString: string;
      /** The URL with its password replaced by `***`. */
      readonly redacted: string;
      readonly host: string;
      readonly port: number;
      readonly database: string;
      readonly user: string | null;
      /** The password exactly as the client will send it (decoded), so that messages can be scrubbed of it. */
      readonly password: string | null;
    };

const POSTGRES_SCHEMES = new Set(['postgres:', 'postgresql:']);

/** The URL with any password replaced by `***` (also for text that does not parse as a URL). */
export function redactUrl(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*):[^@/?#]*@/i, '$1:***@');
}

/** `text` with every occurrence of the store's password (raw, URL-encoded, and the URL itself) replaced. */
export function redactSecrets(text: string, url: StoreUrl): string {
  if (url.kind !== 'postgres') return text;
  let out = text.split(url.connectionString).join(url.redacted);
  if (url.password) {
    for (const secret of new Set([url.password, encodeURIComponent(url.password)])) out = out.split(secret).join('***');
  }
  return out;
}

/** Parses a store URL; `cwd` resolves a relative sqlite path. One UserError naming what is wrong. */
export function parseStoreUrl(text: string, cwd: string = process.cwd()): StoreUrl {
  const trimmed = text.trim();
  if (trimmed === '') throw new UserError('the store URL is empty: use sqlite:PATH or postgres://USER@HOST:PORT/DATABASE');
  if (trimmed.startsWith('sqlite:')) {
    const path = trimmed.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') throw new UserError('the store URL sqlite: names no file: use sqlite:PATH (e.g. sqlite:/home/me/.archwalk/archwalk.db)');
    const full = resolve(cwd, path);
    return { kind: 'sqlite', path: full, redacted: `sqlite:${full}` };
  }
  const redacted = redactUrl(trimmed);
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new UserError(`the store URL ${redacted} is not a URL: use sqlite:PATH or postgres://USER@HOST:PORT/DATABASE`);
  }
  if (!POSTGRES_SCHEMES.has(url.protocol)) {
    throw new UserError(`the store URL ${redacted} has the scheme ${url.protocol.slice(0, -1)}; archwalk knows sqlite:PATH and postgres://USER@HOST:PORT/DATABASE`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database === '' || database.includes('/')) {
    throw new UserError(`the store URL ${redacted} names no database: use postgres://USER@HOST:PORT/DATABASE`);
  }
  // A unix socket directory may come as ?host=/run/postgresql with an empty host part.
  const host = url.hostname !== '' ? url.hostname : url.searchParams.get('host') ?? '';
  if (host === '') throw new UserError(`the store URL ${redacted} names no host: use postgres://USER@HOST:PORT/DATABASE`);
  const port = url.port === '' ? 5432 : Number(url.port);
  return {
    kind: 'postgres',
    connectionString: trimmed,
    redacted,
    host,
    port,
    database,
    user: url.username === '' ? null : decodeURIComponent(url.username),
    password: url.password === '' ? null : decodeURIComponent(url.password),
  };
}

/** The store of a command: `--store URL`, else ARCHWALK_STORE, else the home's SQLite file. */
export function resolveStoreUrl(option: string | undefined, home: string, env: NodeJS.ProcessEnv = process.env): StoreUrl {
  if (option !== undefined) return parseStoreUrl(option);
  const fromEnv = env.ARCHWALK_STORE;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return parseStoreUrl(fromEnv);
  return parseStoreUrl(`sqlite:${join(home, 'archwalk.db')}`);
}
