/** The Api's answer to "what is this archwalk": versions, home, machine, ML packages. */
import { cpus, platform } from 'node:os';
import { API_VERSION, type Api } from '#shared/api.ts';
import { APP_VERSION } from '#shared/version.ts';
import { detectMlPackages } from '../ml-packages.ts';
import type { ApiContext } from './context.ts';

export function systemApi({ store, home, mode }: Pick<ApiContext, 'store' | 'home' | 'mode'>): Pick<Api, 'system'> {
  return {
    async system() {
      return {
        appVersion: APP_VERSION,
        apiVersion: API_VERSION,
        home: home.root,
        node: process.versions.node,
        platform: `${platform()} ${process.arch}`,
        cpus: cpus().length,
        mode: mode === 'electron' ? 'electron' : 'browser',
        mlPackages: detectMlPackages(),
        lastMlBackend: store.lastMlBackend(),
      };
    },
  };
}
