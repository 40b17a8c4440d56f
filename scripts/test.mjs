// Runs the test suites with Node's built-in runner: `node scripts/test.mjs [unit] [integration] [e2e]`.
// Unit tests run in parallel files; integration and end-to-end tests start real processes and
// servers, so they run one file at a time.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const SUITES = {
  unit: { pattern: 'test/unit/**/*.test.ts', concurrency: 2 },
  integration: { pattern: 'test/integration/**/*.test.ts', concurrency: 1 },
  e2e: { pattern: 'test/e2e/**/*.test.ts', concurrency: 1 },
};

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(`the tests need Node.js >= 22.18 (this is ${process.versions.node}); run them through npm (npm test), which uses the project's Node`);
  process.exit(2);
}

const chosen = process.argv.slice(2);
const names = chosen.length > 0 ? chosen : Object.keys(SUITES);
let failed = false;
for (const name of names) {
  const suite = SUITES[name];
  if (!suite) {
    console.error(`unknown suite "${name}"; suites: ${Object.keys(SUITES).join(', ')}`);
    process.exit(2);
  }
  if (name === 'e2e' && !existsSync('out/renderer/index.html')) {
    console.error('the end-to-end tests need the built renderer: run npm run build first');
    process.exit(2);
  }
  console.log(`\n=== ${name} tests ===`);
  const result = spawnSync(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', '--test', '--test-reporter=spec', `--test-concurrency=${suite.concurrency}`, suite.pattern],
    { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' } },
  );
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
