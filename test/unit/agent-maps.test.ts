// The services' side of an agent's map when the request cannot be served: an unknown agent, an
// agent whose training table is no longer registered, one whose checkpoint file is gone. Each is
// one message naming the agent and the reason; no process is started and nothing is stored.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { AgentMaps } from '../../src-main/services/agent-maps.ts';
import { AnalysisProcesses } from '../../src-main/services/analysis-processes.ts';
import { registerEmbeddedBenchmarks } from '../../src-main/services/embedded.ts';
import { prepareHome } from '../../src-main/services/home.ts';
import { Store } from '../../src-main/services/store.ts';
import { tempDir } from '../helpers/data.ts';

const dir = tempDir();
let store: Store;
let maps: AgentMaps;

before(() => {
  const home = prepareHome(dir.path);
  store = new Store(home.database);
  registerEmbeddedBenchmarks(store, home);
  maps = new AgentMaps({ store, processes: new AnalysisProcesses({ launcher: () => assert.fail('no process for a refused request') }), onProgress: () => undefined });
});
after(() => {
  store.close();
  dir.cleanup();
});

function agent(name: string, benchmark: string, checkpoint = join(dir.path, `${name}.ckpt`)): number {
  return store.insertAgent({ name, run_id: null, experiment_id: null, benchmark, space: 'nb201', preset: 'cpu-small', checkpoint_path: checkpoint, hyper_json: '{}', env_steps: 1, learner_steps: 1, ml_backend: null }).id;
}

test('an unknown agent is refused', async () => {
  await assert.rejects(maps.get(9999), /^UserError: there is no agent with id 9999$/);
});

test('an agent whose training table is no longer registered is refused, naming the table', async () => {
  const id = agent('orphan', 'gone-table');
  await assert.rejects(maps.get(id), /agent "orphan" \(id \d+\) was trained on "gone-table", which is no longer registered/);
});

test('an agent whose checkpoint file is gone is refused, naming the file', async () => {
  const path = join(dir.path, 'moved.ckpt');
  const id = agent('moved', 'nb201-cifar10', path);
  await assert.rejects(maps.get(id, { samples: 100 }), (error: Error) => error.message === `agent "moved" (id ${id}) has no checkpoint at ${path}: the file was moved or deleted, so its network cannot be read`);
  assert.equal(store.countAnalyses('agent-map'), 0);
});
