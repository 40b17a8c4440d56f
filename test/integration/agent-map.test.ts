/**
 * An agent's latent map through the Api with the real services, scheduler and processes: a
 * tiny agent is trained and searches NB201 twice (a one-point sweep), then its map is computed
 * in an analysis process with progress, its trajectories are exactly the cells its runs
 * evaluated, a repeat comes from the store, the same seed gives the same map; bad input (an
 * unknown agent, a missing checkpoint, a parameter out of range) is one clear error each.
 */
import assert from 'node:assert/strict';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { apiParamsProblem } from '#shared/api-params.ts';
import { archwalk } from '../helpers/cli.ts';
import { tinyAgentWithSearches } from '../helpers/tiny-agent.ts';
import { NB201_CSV, skipWithout, tempDir } from '../helpers/data.ts';
import { nb201Services, waitFor } from '../helpers/services.ts';

const skip = skipWithout(NB201_CSV);

const TRAIN_AND_SEARCH = tinyAgentWithSearches({ name: 'mapped', learnerSteps: 20, budget: 12, seeds: 2 });

test('an agent\'s map: computed with progress, trajectories are its runs\' cells in order, cached, seeded; bad input refused', { skip, timeout: 240_000 }, async () => {
  const services = await nb201Services({ concurrency: 2, autoStart: true });
  try {
    const created = await services.api.createExperiment(TRAIN_AND_SEARCH);
    assert.ok(created.ok, JSON.stringify(!created.ok && created.issues));
    const id = created.experiment.id;
    await waitFor('training and searches to finish', () => services.store.listRuns({ experimentId: id }).every((r) => ['succeeded', 'failed', 'cancelled'].includes(r.status)), 200_000);
    const runs = services.store.listRuns({ experimentId: id });
    assert.deepEqual(runs.map((r) => r.status), runs.map(() => 'succeeded'), runs.map((r) => r.error).join('; '));
    const [agent] = await services.api.listAgents();
    assert.ok(agent);
    const searches = runs.filter((r) => r.searcher_kind === 'agent').sort((a, b) => a.id - b.id);
    assert.equal(searches.length, 2);

    const progress: string[] = [];
    const unsubscribe = services.api.subscribe((event) => {
      if (event.type === 'agent-map-progress' && event.agentId === agent.id) progress.push(event.phase);
    });
    const params = { samples: 400, epochs: 40, nNeighbors: 10, seed: 2 };
    const first = await services.api.getAgentMap(agent.id, params);
    unsubscribe();
    assert.equal(first.cached, false);
    assert.deepEqual(first.agent, { id: agent.id, name: agent.name });
    assert.equal(first.benchmark, 'nb201-cifar10');
    assert.ok(['loading the agent', 'sampling architectures', 'embedding', 'UMAP layout'].every((phase) => progress.includes(phase)), progress.join(', '));
    const { map } = first;
    assert.equal(map.latentDim, 16);
    assert.equal(map.points.filter((p) => p.sampled).length, 400);
    assert.ok(map.points.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y) && p.valid !== null && p.valid > 0 && p.valid <= 1));
    assert.deepEqual(map.trajectories.map((t) => [t.runId, t.seed]), searches.map((r) => [r.id, r.seed]));
    for (const trajectory of map.trajectories) {
      const visited = await services.api.getRunArchitectures(trajectory.runId);
      assert.deepEqual(trajectory.cells.map((i) => map.points[i]!.hash), visited.map((a) => a.hash));
      const valid = new Map(visited.map((a) => [a.hash, a.valid]));
      for (const i of trajectory.cells) assert.ok(Math.abs(map.points[i]!.valid! - valid.get(map.points[i]!.hash)!) < 0.02, 'the map\'s accuracy is the table\'s (mean over repeats)');
    }

    const again = await services.api.getAgentMap(agent.id, params);
    assert.equal(again.cached, true);
    assert.deepEqual(again.map, map);
    assert.equal(services.store.countAnalyses('agent-map'), 1);
    const fewerRuns = await services.api.getAgentMap(agent.id, { ...params, runs: 1 });
    assert.equal(fewerRuns.cached, false);
    assert.deepEqual(fewerRuns.map.trajectories.map((t) => t.runId), [searches[0]!.id]);
    const sample = (points: typeof map.points) => points.filter((p) => p.sampled).map((p) => [p.hash, p.valid]);
    assert.deepEqual(sample(fewerRuns.map.points), sample(map.points), 'same seed, same sample');

    // Reports: the map of each agent whose searches they hold (default parameters), drawn in HTML, whole in JSON.
    const html = (await services.api.exportReport({ targets: [`exp:${id}`], format: 'html' })).content;
    const section = html.slice(html.indexOf('<section id="agent-maps"'), html.indexOf('</section>', html.indexOf('<section id="agent-maps"')));
    assert.match(section, new RegExp(`<h3>${agent.name} on nb201-cifar10</h3>`));
    assert.equal((section.match(/<svg role="img" class="chart"/g) ?? []).length, 1);
    assert.match(section, /3,000 sampled cells/);
    assert.equal((section.match(/>run #\d+</g) ?? []).length, 2, 'a row per trajectory');
    const json = JSON.parse((await services.api.exportReport({ targets: [`exp:${id}`], format: 'json' })).content) as { agentMaps: { agent: { id: number }; cached: boolean; map: { points: { x: number }[]; trajectories: unknown[] } }[] };
    assert.equal(json.agentMaps.length, 1);
    assert.equal(json.agentMaps[0]!.cached, true, 'the JSON export reuses the map the HTML export computed');
    assert.equal(json.agentMaps[0]!.map.trajectories.length, 2);
    assert.ok(json.agentMaps[0]!.map.points.length >= 3000 && Number.isFinite(json.agentMaps[0]!.map.points[0]!.x));

    await assert.rejects(services.api.getAgentMap(agent.id + 100), /there is no agent with id \d+/);
    assert.match(apiParamsProblem('getAgentMap', [agent.id, { samples: 5 }]) ?? '', /params\.samples" must be an integer from 10 to 20000, got number 5/);
    const checkpoint = services.store.getAgentById(agent.id)!.checkpoint_path;
    renameSync(checkpoint, `${checkpoint}.moved`);
    await assert.rejects(services.api.getAgentMap(agent.id, { ...params, seed: 3 }), new RegExp(`agent "${agent.name}" \\(id ${agent.id}\\) has no checkpoint at .*: the file was moved or deleted`));
    assert.equal((await services.api.getAgentMap(agent.id, params)).cached, true, 'a map computed before is still served');
  } finally {
    await services.cleanup();
  }
});

test('archwalk agents list and map: a summary with progress on stderr, then the whole map from the store with --json; bad input names itself', { skip, timeout: 240_000 }, () => {
  const home = tempDir();
  try {
    const file = join(home.path, 'train.yaml');
    writeFileSync(file, TRAIN_AND_SEARCH);
    const trained = archwalk(home.path, ['run', file]);
    assert.equal(trained.code, 0, trained.stderr);
    const agents = JSON.parse(archwalk(home.path, ['agents', 'list', '--json']).stdout) as { id: number; name: string }[];
    assert.equal(agents.length, 1);
    const [agent] = agents;
    assert.match(archwalk(home.path, ['agents', 'list']).stdout, new RegExp(`\\n${agent!.id} +${agent!.name} +nb201-cifar10 `));

    const first = archwalk(home.path, ['agents', 'map', agent!.name, '--samples', '200', '--seed', '1']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, new RegExp(`^agent ${agent!.name} \\(id ${agent!.id}\\) on nb201-cifar10: computed .*seed 1\\n200 sampled cells`));
    assert.match(first.stdout, /neighbour agreement \(Pearson r .*\): -?\d\.\d{3}\n/);
    assert.match(first.stdout, /\nrun +seed +queries +best valid % +found at query\n/);
    assert.match(first.stderr, /100%  UMAP layout/);
    const again = archwalk(home.path, ['agents', 'map', String(agent!.id), '--samples', '200', '--seed', '1', '--json']);
    assert.equal(again.code, 0, again.stderr);
    const parsed = JSON.parse(again.stdout) as { cached: boolean; map: { points: { x: number; y: number }[]; trajectories: { cells: number[] }[] } };
    assert.equal(parsed.cached, true);
    assert.equal(parsed.map.trajectories.length, 2);
    assert.ok(parsed.map.points.length >= 200 && Number.isFinite(parsed.map.points[0]!.x));

    const small = archwalk(home.path, ['agents', 'map', agent!.name, '--samples', '5']);
    assert.equal(small.code, 2);
    assert.match(small.stderr, /--samples must be an integer from 10 to 20000, got number 5/);
    assert.match(archwalk(home.path, ['agents', 'map', agent!.name, '--seed', 'x']).stderr, /--seed takes a whole number, got "x"/);
    assert.match(archwalk(home.path, ['agents', 'map', 'nobody']).stderr, /there is no agent named "nobody" \(archwalk agents list\)/);
    assert.match(archwalk(home.path, ['agents', 'map', '99']).stderr, /there is no agent with id 99/);
  } finally {
    home.cleanup();
  }
});
