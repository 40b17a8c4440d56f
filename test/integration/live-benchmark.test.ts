/**
 * Live benchmarks through the real `archwalk` command: a definition over small synthetic
 * IDX files is imported, searches train cells for real in run processes, results land in
 * the store's cache, and a second search over the same cells is served from it.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { archwalk } from '../helpers/cli.ts';
import { tempDir } from '../helpers/data.ts';
import { bandsRecipe } from '../helpers/idx.ts';

const dir = tempDir('archwalk-live-');
after(() => dir.cleanup());
const home = join(dir.path, 'home');

function definition(overrides: Record<string, unknown> = {}): string {
  const path = join(dir.path, `live-${Object.keys(overrides).join('-') || 'plain'}.json`);
  writeFileSync(path, JSON.stringify({ recipe: bandsRecipe(dir.path, { epochs: 1 }), seeds: [0], maxVertices: 4, ...overrides }));
  return path;
}

function cacheRows(): { hash: string; seed: number; outcome_json: string }[] {
  const db = new DatabaseSync(join(home, 'archwalk.db'));
  try {
    return db.prepare('SELECT hash, seed, outcome_json FROM live_results ORDER BY hash').all() as { hash: string; seed: number; outcome_json: string }[];
  } finally {
    db.close();
  }
}

test('import checks the definition and its data, and registers a live benchmark over the restricted space', () => {
  const bad = join(dir.path, 'bad.json');
  writeFileSync(bad, JSON.stringify({ recipe: { ...bandsRecipe(dir.path), epochs: 0 } }));
  const refused = archwalk(home, ['benchmark', 'import', 'live', bad, '--name', 'nope']);
  assert.equal(refused.code, 2, refused.stdout);
  assert.match(refused.stderr, /epochs must be an integer ≥ 1/);
  const missing = join(dir.path, 'missing-data.json');
  writeFileSync(missing, JSON.stringify({ recipe: { ...bandsRecipe(dir.path), dataset: { ...bandsRecipe(dir.path).dataset, trainImages: join(dir.path, 'nothing.idx') } } }));
  const noData = archwalk(home, ['benchmark', 'import', 'live', missing, '--name', 'nope']);
  assert.equal(noData.code, 2);
  assert.match(noData.stderr, /nothing\.idx/);

  const imported = archwalk(home, ['benchmark', 'import', 'live', definition(), '--name', 'bands-live']);
  assert.equal(imported.code, 0, imported.stderr);
  const list = JSON.parse(archwalk(home, ['benchmark', 'list', '--json']).stdout) as { name: string; kind: string; space: string; size: number }[];
  const info = list.find((b) => b.name === 'bands-live');
  assert.ok(info);
  assert.equal(info.kind, 'live');
  assert.equal(info.space, 'nb101');
  assert.equal(info.size, 91, 'every NB101 cell with at most 4 vertices');
  assert.ok(!list.some((b) => b.name === 'nope'), 'refused imports register nothing');
});

test('a search trains cells in its run process, caches them, and a repeat search is served from the cache', () => {
  const config = join(dir.path, 'search.yaml');
  writeFileSync(config, 'name: live search\nbenchmark: bands-live\nbudget: 4\nseeds: [0]\nsearchers: [random-search]\n');
  const first = archwalk(home, ['run', config, '--json']);
  assert.equal(first.code, 0, first.stderr);
  const report = JSON.parse(first.stdout) as { runs: { status: string; queries: number; best: { hash: string; valid: number } }[] };
  assert.equal(report.runs[0]!.status, 'succeeded');
  assert.equal(report.runs[0]!.queries, 4);
  const rows = cacheRows();
  assert.equal(rows.length, 4, 'one cached training per queried cell');
  const best = rows.map((r) => ({ hash: r.hash, valid: (JSON.parse(r.outcome_json) as { final: { validation: number } }).final.validation })).sort((a, b) => b.valid - a.valid)[0]!;
  assert.equal(report.runs[0]!.best.valid, best.valid, "the run's best is the best cached training");
  assert.ok(best.valid > 0.34, 'the trained networks learn (3 classes)');
  const listed = (JSON.parse(archwalk(home, ['benchmark', 'list', '--json']).stdout) as { name: string; trained?: number; bestValid: number | null }[]).find((b) => b.name === 'bands-live')!;
  assert.equal(listed.trained, 4, 'the listing counts the cells trained so far');
  assert.equal(listed.bestValid, best.valid);
  assert.match(archwalk(home, ['benchmark', 'list']).stdout, /bands-live .* 91 \(4 trained\)/);

  const shown = archwalk(home, ['runs', 'show', '1']);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /query 1: cell [0-9a-f]{10} trained in \d+\.\d s/);

  const again = archwalk(home, ['run', config, '--json']);
  assert.equal(again.code, 0, again.stderr);
  const second = JSON.parse(again.stdout) as { runs: { best: { valid: number } }[] };
  assert.equal(second.runs[0]!.best.valid, report.runs[0]!.best.valid);
  assert.equal(cacheRows().length, 4, 'nothing was trained twice');
  const log = archwalk(home, ['runs', 'show', '2']).stdout;
  assert.equal((log.match(/from the cache/g) ?? []).length, 4, log);
});

test('a benchmark query of a live cell trains it once and answers from the cache afterwards', () => {
  const cell = JSON.stringify({ matrix: [[0, 1, 1], [0, 0, 1], [0, 0, 0]], ops: ['input', 'conv3x3-bn-relu', 'output'] });
  const first = archwalk(home, ['benchmark', 'query', 'bands-live', cell, '--json']);
  assert.equal(first.code, 0, first.stderr);
  const second = archwalk(home, ['benchmark', 'query', 'bands-live', cell, '--json']);
  assert.equal(second.code, 0, second.stderr);
  const a = JSON.parse(first.stdout) as { valid: number; cached?: boolean };
  const b = JSON.parse(second.stdout) as { valid: number; cached?: boolean };
  assert.equal(b.valid, a.valid);
  assert.equal(b.cached, true);
  const big = JSON.stringify({ matrix: [[0, 1, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 1], [0, 0, 0, 0, 0]], ops: ['input', 'conv3x3-bn-relu', 'conv3x3-bn-relu', 'conv3x3-bn-relu', 'output'] });
  const outside = archwalk(home, ['benchmark', 'query', 'bands-live', big]);
  assert.notEqual(outside.code, 0);
  assert.match(outside.stderr, /5 vertices after pruning; this space holds cells of at most 4/);
  assert.ok(readFileSync(join(home, 'benchmarks', 'bands-live.live.json'), 'utf8').includes('"recipeKey"'));
});
