/**
 * Who may talk to `archwalk serve`: the Host allow-list (a page whose domain re-resolves to
 * 127.0.0.1 still sends its own name as Host, so a loopback server refuses every name that is
 * not loopback or explicitly allowed: DNS rebinding), the access token (query or cookie,
 * compared in constant time) and the WebSocket's Origin (the page's own origin only).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const MIN_TOKEN_LENGTH = 16;

/** Loopback names and addresses: localhost, 127.0.0.0/8, ::1 (with or without brackets). */
export function isLoopback(host: string): boolean {
  const name = host.toLowerCase();
  return name === 'localhost' || name === '::1' || name === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** The host name of a Host header without its port (`[::1]:7317` → `[::1]`), lower case; null when malformed (only name characters pass, so the header is safe to repeat in the CSP). */
export function hostName(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+)(?::(\d{1,5}))?$/.exec(header);
  return match ? match[1]!.toLowerCase() : null;
}

/**
 * Whether a request's Host header names this server acceptably. On loopback only loopback names
 * and the `allowed` ones pass; off loopback the token guards every request, so any name does.
 */
export function hostAllowed(header: string | undefined, boundToLoopback: boolean, allowed: readonly string[]): boolean {
  const name = hostName(header);
  if (name === null) return false;
  if (!boundToLoopback) return true;
  return isLoopback(name) || allowed.some((host) => host.toLowerCase() === name);
}

export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** One cookie per port: two servers on the same machine must not overwrite each other's token. */
export function tokenCookieName(port: number): string {
  return `archwalk_token_${port}`;
}

export function requestToken(req: IncomingMessage, cookieName: string): string | null {
  const fromQuery = new URL(req.url ?? '/', 'http://local').searchParams.get('token');
  if (fromQuery) return fromQuery;
  const prefix = `${cookieName}=`;
  const cookie = (req.headers.cookie ?? '').split(';').map((c) => c.trim()).find((c) => c.startsWith(prefix));
  if (!cookie) return null;
  try {
    return decodeURIComponent(cookie.slice(prefix.length));
  } catch {
    return null;
  }
}

/** A WebSocket upgrade from a browser names its page's origin; it must be this server's own. */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true; // Non-browser clients (tests, scripts) send no Origin; they still need Host and token.
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
