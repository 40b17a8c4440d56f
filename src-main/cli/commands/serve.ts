import { dirname } from 'node:path';
import { startServer } from '../../server/server.ts';
import { findUpwards, hereDir } from '../../nas/io/locate.ts';
import { dataRoots, storedDataRoots } from '../../services/data-roots.ts';
import { print, UsageError } from '../context.ts';
import { createForkLauncher } from '../../services/fork-launcher.ts';
import { resolveHome } from '../../services/home.ts';
import { openShellServices } from '../../services/open-services.ts';
import { terminalSafe } from '../format.ts';
import { parseServeOptions } from './serve-options.ts';

export { SERVE_USAGE } from './serve-options.ts';

/** The built renderer: out/renderer in a checkout, renderer/ beside main/ in a build. */
export function rendererDir(): string {
  const index = findUpwards(hereDir(import.meta.url), ['out/renderer/index.html', 'renderer/index.html']);
  if (!index) throw new UsageError('the renderer is not built; run: npm run build');
  return dirname(index);
}

export async function serveCommand(argv: string[]): Promise<number> {
  const options = parseServeOptions(argv);
  for (const warning of options.warnings) process.stderr.write(`archwalk serve: warning: ${terminalSafe(warning)}\n`);
  const dir = rendererDir();
  const services = await openShellServices(
    { home: resolveHome(), launcher: createForkLauncher(), mode: 'browser', autoStart: true, dataRoots: options.dataRoots },
    (line) => print(line),
  );
  const server = await startServer({
    api: services.api,
    rendererDir: dir,
    host: options.host,
    port: options.port,
    token: options.token,
    allowedHosts: options.allowedHosts,
    limits: options.limits,
    ...(options.tls ? { tls: options.tls } : {}),
  });
  print(`archwalk serving ${services.home.root} at ${server.url}`);
  print(`imports read only from: ${dataRoots(services.home.root, storedDataRoots(services.store), options.dataRoots).join(', ')}`);
  if (server.token) print('the URL above carries the access token; share it only with people who may run experiments here');
  const stop = (): void => {
    void server.close().then(() => services.close()).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await new Promise(() => undefined);
  return 0;
}
