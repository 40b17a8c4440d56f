/** Serves the built renderer: no directory traversal, single-page fallback, strict headers. */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/**
 * The page may connect only to its own server: `'self'` and the WebSocket at its own origin
 * (`ws://host:port` or `wss://…`, named explicitly since older browsers do not count ws: as 'self').
 * `host` is the request's Host header, already checked by the server (see access.ts).
 */
export function contentSecurityPolicy(host: string, secure: boolean): string {
  return `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ${secure ? 'wss' : 'ws'}://${host}; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}

/** The file under `root` a URL path names, or null when it would leave `root`. */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = resolve(root, `.${normalize(`/${decoded}`)}`);
  const base = resolve(root);
  if (full !== base && !full.startsWith(base + sep)) return null;
  return full;
}

export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, options: { secure: boolean }): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  let file = resolveStaticPath(root, req.url ?? '/');
  if (file === null) {
    res.writeHead(400).end('bad path');
    return;
  }
  if (!existsSync(file) || statSync(file).isDirectory()) {
    // Unknown paths without an extension are app routes: serve the app.
    file = extname(file) === '' || file === resolve(root) ? join(root, 'index.html') : null;
    if (file === null || !existsSync(file)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
  }
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Security-Policy': contentSecurityPolicy(req.headers.host ?? '', options.secure),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': file.endsWith('index.html') ? 'no-cache' : 'public, max-age=3600',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}
