import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from '../../server/server.ts';
import { findUpwards, hereDir } from '../../services/locate.ts';
import { openServices, print, UsageError } from '../context.ts';

export const SERVE_USAGE = `archwalk serve [--host 127.0.0.1] [--port N] [--token T]   the app in a browser (loopback unless told otherwise)`;

/** The built renderer: out/renderer in a checkout, renderer/ beside main/ in a build. */
export function rendererDir(): string {
  const index = findUpwards(hereDir(import.meta.url), ['out/renderer/index.html', 'renderer/index.html']);
  if (!index) throw new UsageError('the renderer is not built; run: npm run build');
  return dirname(index);
}

export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { host: { type: 'string', default: '127.0.0.1' }, port: { type: 'string', default: '7317' }, token: { type: 'string' } },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0–65535, got ${values.port}`);
  const dir = rendererDir();
  const services = await openServices({ autoStart: true });
  const server = await startServer({ api: services.api, rendererDir: dir, host: values.host, port, ...(values.token ? { token: values.token } : {}) });
  print(`archwalk serving ${services.home.root} at ${server.url}`);
  if (server.token) print('not on loopback: the URL above carries the access token; share it only with people who may run experiments here');
  const stop = (): void => {
    void server.close().then(() => services.close()).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await new Promise(() => undefined);
  return 0;
}
