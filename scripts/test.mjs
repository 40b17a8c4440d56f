// Runs the test suites with Node's built-in runner: `node scripts/test.mjs [unit] [integration] [e2e]`.
// Unit tests run in parallel files; integration and end-to-end tests start real processes and
// servers, so they run one file at a time.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SUITES = {
  unit: { pattern: 'test/unit/**/*.test.ts', concurrency: 2 },
  // The renderer's components and view logic, with vitest in happy-dom.
  component: { vitest: 'test/component/vitest.config.ts' },
  integration: { pattern: 'test/integration/**/*.test.ts', concurrency: 1 },
  e2e: { pattern: 'test/e2e/**/*.test.ts', concurrency: 1 },
};

/** Runs a vitest suite and closes with a plain "N passed, N failed" line. */
function runVitest(name, config) {
  const dir = mkdtempSync(join(tmpdir(), 'archwalk-vitest-'));
  const report = join(dir, 'report.json');
  const result = spawnSync(
    process.execPath,
    ['node_modules/vitest/vitest.mjs', 'run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' } },
  );
  let passed = 0;
  let failed = 0;
  try {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    passed = json.numPassedTests ?? 0;
    failed = (json.numFailedTests ?? 0) + (json.numRuntimeErrorTestSuites ?? 0);
  } catch {
    failed = Math.max(failed, 1);
  }
  rmSync(dir, { recursive: true, force: true });
  if (result.status !== 0 && failed === 0) failed = 1;
  console.log(`${name}: ${passed} passed, ${failed} failed`);
  return result.status === 0 && failed === 0;
}

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
  if (suite.vitest) {
    if (!runVitest(name, suite.vitest)) failed = true;
    continue;
  }
  const result = spawnSync(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', '--test', '--test-reporter=spec', `--test-concurrency=${suite.concurrency}`, suite.pattern],
    { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' } },
  );
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
