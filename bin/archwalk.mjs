#!/usr/bin/env node
// Launcher of the archwalk CLI: checks the Node.js version, quiets the experimental-feature
// warnings archwalk knowingly relies on (node:sqlite, type stripping), then starts the CLI
// from the TypeScript sources in a checkout or from the build in a packaged install.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src-main', 'cli', 'main.ts');
const built = join(root, 'out', 'main', 'cli.js');
const useSource = existsSync(source);
const [major, minor] = process.versions.node.split('.').map(Number);
const needed = useSource ? [22, 18] : [22, 12];
if (major < needed[0] || (major === needed[0] && minor < needed[1])) {
  process.stderr.write(
    `archwalk needs Node.js >= ${needed.join('.')} (this is ${process.versions.node}).\n` +
      `The project provides one: run "npm run setup" once, then "npx archwalk …" or "npm run archwalk -- …".\n`,
  );
  process.exit(2);
}

process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name !== 'ExperimentalWarning') process.stderr.write(`${warning.name}: ${warning.message}\n`);
});

const { main } = await import(pathToFileURL(useSource ? source : built).href);
process.exitCode = await main(process.argv.slice(2));
