/**
 * `archwalk serve`'s options: where it listens, the access token and where it comes from, TLS,
 * the hosts a loopback server also answers to, extra data roots and the connection caps.
 * Reading them is separate from serving so every refusal is testable without a server.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isLoopback, MIN_TOKEN_LENGTH } from '../../server/access.ts';
import { DEFAULT_SERVER_LIMITS, type ServerLimits } from '../../server/limits.ts';
import { UsageError } from '../context.ts';

export const TOKEN_ENV = 'ARCHWALK_TOKEN';

export const SERVE_USAGE = `archwalk serve [--host 127.0.0.1] [--port 7317] [--token-file FILE | --no-token] [--allow-host NAME]…
               [--tls-cert FILE --tls-key FILE] [--data-root DIR]… [--max-connections ${DEFAULT_SERVER_LIMITS.maxConnections}]
               [--max-requests-per-second ${DEFAULT_SERVER_LIMITS.requestsPerSecond}]
                                                       the app in a browser; the printed URL carries the access
                                                       token (also from $${TOKEN_ENV}); imports only from data roots`;

export interface ServeOptions {
  host: string;
  port: number;
  /** undefined: generate one; null: none (loopback only). */
  token: string | null | undefined;
  allowedHosts: string[];
  tls: { cert: Buffer; key: Buffer } | undefined;
  dataRoots: string[];
  limits: ServerLimits;
  /** Said on stderr before serving (e.g. a token on the command line is visible in `ps`). */
  warnings: string[];
}

function readOptionFile(option: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new UsageError(`${option} ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

function positiveInteger(option: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > max) throw new UsageError(`${option} must be an integer from 1 to ${max}, got ${JSON.stringify(text)}`);
  return value;
}

function checkToken(token: string, from: string): string {
  if (token.length < MIN_TOKEN_LENGTH) {
    throw new UsageError(`the access token from ${from} has ${token.length} characters; use at least ${MIN_TOKEN_LENGTH} (e.g. openssl rand -base64 24), or leave it out to get a generated one`);
  }
  if (!/^[\x21-\x7e]+$/.test(token)) throw new UsageError(`the access token from ${from} must be printable ASCII without spaces`);
  return token;
}

/** The token and what to warn about: --token-file, then $ARCHWALK_TOKEN, then --token (visible in `ps`). */
function chooseToken(values: { token?: string; 'token-file'?: string; 'no-token'?: boolean }, env: NodeJS.ProcessEnv, host: string, warnings: string[]): string | null | undefined {
  const given = [values.token !== undefined && '--token', values['token-file'] !== undefined && '--token-file', values['no-token'] && '--no-token'].filter(Boolean);
  if (given.length > 1) throw new UsageError(`${given.join(' and ')} contradict each other; give one`);
  if (values['no-token']) {
    if (!isLoopback(host)) throw new UsageError(`--no-token is refused on ${host}: only a loopback server may run without a token`);
    warnings.push('--no-token: any program or user on this machine can use this server');
    return null;
  }
  if (values['token-file'] !== undefined) return checkToken(readOptionFile('--token-file', values['token-file']).toString('utf8').trim(), `--token-file ${values['token-file']}`);
  if (values.token !== undefined) {
    warnings.push(`--token is visible to every user of this machine (ps); prefer --token-file FILE or $${TOKEN_ENV}`);
    return checkToken(values.token, '--token');
  }
  const fromEnv = env[TOKEN_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return checkToken(fromEnv, `$${TOKEN_ENV}`);
  return undefined;
}

export function parseServeOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): ServeOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '7317' },
      token: { type: 'string' },
      'token-file': { type: 'string' },
      'no-token': { type: 'boolean' },
      'allow-host': { type: 'string', multiple: true },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'data-root': { type: 'string', multiple: true },
      'max-connections': { type: 'string' },
      'max-requests-per-second': { type: 'string' },
    },
  });
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535) throw new UsageError(`--port must be 0–65535, got ${JSON.stringify(values.port)}`);
  const host = values.host;
  const warnings: string[] = [];
  const token = chooseToken(values, env, host, warnings);
  const allowedHosts = values['allow-host'] ?? [];
  for (const name of allowedHosts) {
    if (!/^[A-Za-z0-9._-]+$|^\[[0-9A-Fa-f:.]+\]$/.test(name)) throw new UsageError(`--allow-host takes a host name without port or scheme, got ${JSON.stringify(name)}`);
  }
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined)) throw new UsageError('--tls-cert and --tls-key go together: give both files');
  const tls = values['tls-cert'] !== undefined && values['tls-key'] !== undefined
    ? { cert: readOptionFile('--tls-cert', values['tls-cert']), key: readOptionFile('--tls-key', values['tls-key']) }
    : undefined;
  const requestsPerSecond = positiveInteger('--max-requests-per-second', values['max-requests-per-second'], DEFAULT_SERVER_LIMITS.requestsPerSecond, 100_000);
  return {
    host,
    port,
    token,
    allowedHosts,
    tls,
    dataRoots: (values['data-root'] ?? []).map((dir) => resolve(dir)),
    limits: {
      maxConnections: positiveInteger('--max-connections', values['max-connections'], DEFAULT_SERVER_LIMITS.maxConnections, 10_000),
      requestsPerSecond,
      requestBurst: Math.max(DEFAULT_SERVER_LIMITS.requestBurst, requestsPerSecond),
    },
    warnings,
  };
}
