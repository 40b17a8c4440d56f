/**
 * The Api as a browser or the app's window reaches it (real services, real store): imports are
 * confined to the data roots and never quote a file, a million-run experiment is refused at
 * once with its arithmetic, and the concurrency limit has a ceiling. The CLI's own user is not
 * confined.
 */
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createForkLauncher } from '../../src-main/services/fork-launcher.ts';
import { createServices, MAX_RUNS_SETTING, type Services } from '../../src-main/services/index.ts';
import { validateExperimentConfig } from '#shared/config.ts';
import { tempDir } from '../helpers/data.ts';

const PASSWD = 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n';

const opened: { services: Services; home: ReturnType<typeof tempDir> }[] = [];
after(async () => {
  for (const { services, home } of opened) {
    await services.close();
    home.cleanup();
  }
});

async function open(mode: 'browser' | 'electron' | 'cli', dataRoots?: string[]): Promise<{ services: Services; home: string }> {
  const home = tempDir();
  const services = await createServices({ home: home.path, launcher: createForkLauncher(), mode, autoStart: false, embeddedBenchmarks: false, ...(dataRoots ? { dataRoots } : {}) });
  opened.push({ services, home });
  return { services, home: home.path };
}

async function importError(services: Services, kind: string, path: string): Promise<Error> {
  try {
    await services.api.importBenchmark({ kind, path, name: `probe-${kind}` });
  } catch (error) {
    return error as Error;
  }
  assert.fail(`importing ${path} as ${kind} succeeded`);
}

test('/etc/passwd through the Api is refused before it is read, naming the data roots', async () => {
  const { services, home } = await open('browser');
  for (const kind of ['live', 'nb201']) {
    const error = await importError(services, kind, '/etc/passwd');
    // Before: "cannot import /etc/passwd: cannot read /etc/passwd: Unexpected token 'r', "root:x:0:0:"... is not valid JSON".
    assert.doesNotMatch(error.message, /root:x/);
    assert.match(error.message, /imports through the app read only from its data roots \(/);
    assert.ok(error.message.includes(home), 'the message names ARCHWALK_HOME among the roots');
    assert.equal((error as { code?: string }).code, 'outside-data-roots');
  }
  assert.equal(services.store.listBenchmarks().length, 0);
});

test('a symlink inside a root that leads out of it is refused; a missing file inside one says so', async () => {
  const { services, home } = await open('electron');
  symlinkSync('/etc/passwd', join(home, 'innocent.json'));
  assert.match((await importError(services, 'live', join(home, 'innocent.json'))).message, /read only from its data roots/);
  assert.match((await importError(services, 'nb201', join(home, 'missing.csv'))).message, /no such file/);
});

test('errors of files inside the roots name the file, line and problem, never the content', async () => {
  const { services, home } = await open('browser');
  writeFileSync(join(home, 'passwd.json'), PASSWD);
  writeFileSync(join(home, 'passwd.csv'), `arch_str,train-accuracy,valid-accuracy,test-accuracy\n${PASSWD.split('\n')[0]},1,2,3\n`);
  writeFileSync(join(home, 'values.csv'), 'arch_str,train-accuracy,valid-accuracy,test-accuracy\n|nor_conv_3x3~0|+|none~0|skip_connect~1|+|none~0|none~1|avg_pool_3x3~2|,1,root:x:0:0:root,3\n');
  for (const [kind, file] of [['live', 'passwd.json'], ['nb201', 'passwd.csv'], ['nb201', 'values.csv']] as const) {
    const error = await importError(services, kind, join(home, file));
    assert.ok(error.message.startsWith(`cannot import ${join(home, file)}`), error.message);
    assert.doesNotMatch(error.message, /root:x|bin\/bash|daemon/, `${file}: ${error.message}`);
  }
});

test('extra data roots (serve --data-root) open their folders; the CLI is not confined', async () => {
  const outside = tempDir();
  try {
    mkdirSync(join(outside.path, 'data'));
    writeFileSync(join(outside.path, 'data', 'broken.json'), '{}');
    const confined = await open('browser');
    assert.match((await importError(confined.services, 'live', join(outside.path, 'data', 'broken.json'))).message, /data roots/);
    const widened = await open('browser', [join(outside.path, 'data')]);
    assert.match((await importError(widened.services, 'live', join(outside.path, 'data', 'broken.json'))).message, /recipe/);
    const cli = await open('cli');
    assert.match((await importError(cli.services, 'live', join(outside.path, 'data', 'broken.json'))).message, /recipe/);
  } finally {
    outside.cleanup();
  }
});

test('a million-run experiment is refused at once with the estimate; the limit is a setting', async () => {
  const { services } = await open('browser');
  const searchers = Array.from({ length: 100 }, (_, i) => `- {kind: random-walk, label: w${i}}`).join('\n');
  const config = `name: huge\nbenchmark: nb201-cifar10\nbudget: 10\nseeds: 10000\nsearchers:\n${searchers}\n`;
  assert.ok(config.length < 3500, `a ${config.length}-byte config`);
  const started = performance.now();
  const created = await services.api.createExperiment(config);
  const validated = await services.api.validateConfig(config);
  const elapsed = performance.now() - started;
  // Before: accepted (114 s, 3.8 GB and a 442 MB database for this config).
  assert.equal(created.ok, false);
  assert.equal(validated.ok, false);
  const message = !created.ok ? created.issues[0]!.message : '';
  assert.equal(message, 'this experiment would queue 100 searchers × 10,000 seeds = 1,000,000 runs; the limit is 10,000 runs per experiment (setting experiments.maxRuns: archwalk settings set max-runs N)');
  assert.ok(elapsed < 1000, `refused in ${elapsed.toFixed(0)} ms`);
  assert.equal(services.store.listExperiments().length, 0);

  services.store.setSetting(MAX_RUNS_SETTING, '2000000');
  const raised = await services.api.validateConfig(config);
  assert.equal(raised.issues.some((i) => /runs per experiment/.test(i.message)), false, 'the setting raises the limit');
});

test('the concurrency limit has a ceiling that depends on the machine', async () => {
  const { services } = await open('browser');
  await assert.rejects(services.api.setConcurrency(64), /the concurrency limit must be an integer from 1 to \d+ \(twice this machine's \d+ cores, at least 4, at most 32\), got 64/);
  await services.api.setConcurrency(2);
  assert.equal((await services.api.getQueue()).concurrency, 2);
});

test('a long seeds list is refused in linear time', () => {
  const seeds = Array.from({ length: 150_000 }, (_, i) => i);
  const started = performance.now();
  const result = validateExperimentConfig({ name: 'long', benchmark: 'b', budget: 1, seeds, searchers: ['random-walk'] });
  const elapsed = performance.now() - started;
  // Before: 21 s of a blocked event loop (a quadratic duplicate check), then accepted.
  assert.equal(result.ok, false);
  assert.match(!result.ok ? result.issues[0]!.message : '', /seeds lists 150000 seeds; at most 10000 are allowed/);
  assert.ok(elapsed < 500, `refused in ${elapsed.toFixed(0)} ms`);
});
