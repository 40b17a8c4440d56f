// Component tests: the renderer's logic (downsampling, statistics, YAML⇄form sync, cell
// layout, table windowing) and a few components mounted in happy-dom.
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  plugins: [vue()],
  test: {
    include: ['test/component/**/*.test.ts'],
    environment: 'happy-dom',
    reporters: ['default'],
  },
});
