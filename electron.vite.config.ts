import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';

// One build for every process of the app: the Electron main process (with the run-process
// entry and the CLI beside it, so the packaged app can fork them), the sandboxed preload
// (CommonJS, as sandboxed preloads must be) and the Vue renderer that `archwalk serve`
// also serves to browsers.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src-main/electron/main.ts'),
          worker: resolve(__dirname, 'src-main/worker/run-process.ts'),
          // worker_threads entry of the agent's parallel actors (found at run time by worker/entries.ts actorWorkerUrl).
          'actor-worker': resolve(__dirname, 'src-main/nas/agent/actor-worker.ts'),
          // what an actor thread imports to open the run's benchmark (see worker/entries.ts)
          'benchmark-loader': resolve(__dirname, 'src-main/worker/benchmark-loader.ts'),
          cli: resolve(__dirname, 'src-main/cli/main.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-main/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    base: './',
    plugins: [vue()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: resolve(__dirname, 'src-renderer/index.html') },
    },
  },
});
