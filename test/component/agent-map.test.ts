/**
 * An agent's latent map on its page: nothing is computed until asked (the address remembers it
 * was), the analysis process's progress shows as a bar, then the provenance, the colour legend's
 * range, the neighbour agreement and the trajectories linked to their runs; bad parameters are
 * refused in the form, naming the field, and nothing is sent. The map shown is a real one (the
 * library with a random network on the shipped NB201 table); the chart option it is drawn with
 * (shared with the reports) colours each cell by accuracy and draws each run as a line.
 */
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import type { AgentMap, AgentMapParams, AgentMapResult } from '#shared/agent-map.ts';
import { accuracyColour, accuracyRange, agentMapOption, isDarkBackground } from '#shared/agent-map-chart.ts';
import type { AgentInfo } from '#shared/api.ts';
import { presetHyperparameters } from '#shared/agent-presets.ts';
import { NetworkPolicy } from '../../src-main/nas/agent/policy.ts';
import { QNetwork } from '../../src-main/nas/agent/q-network.ts';
import { computeAgentMap, DEFAULT_AGENT_MAP_PARAMS } from '../../src-main/nas/analysis/agent-map.ts';
import { benchmarkOracle } from '../../src-main/nas/analysis/oracle.ts';
import { loadBenchmark } from '../../src-main/nas/benchmarks/load.ts';
import { selectBackend } from '../../src-main/nas/ml/backend.ts';
import { Rng } from '../../src-main/nas/rng.ts';
import { settle } from './fake-client.ts';

let map: AgentMap;
/** The page's address (happy-dom's window; the test type-check has no DOM types). */
const location = (): { hash: string } => (globalThis as unknown as { location: { hash: string } }).location;
const requests: { agentId: number; params: Partial<AgentMapParams> | undefined }[] = [];
let answer: (value: AgentMapResult) => void = () => undefined;

const fakeApi = {
  getAgentMap(agentId: number, params?: Partial<AgentMapParams>): Promise<AgentMapResult> {
    requests.push({ agentId, params });
    return new Promise((resolve) => (answer = resolve));
  },
};

vi.mock('../../src-renderer/src/api/client.ts', async () => (await import('./fake-client.ts')).fakeClientModule(fakeApi));

const AgentMapSection = (await import('../../src-renderer/src/components/AgentMapSection.vue')).default;
// Through a path in a variable, as the analysis view's test does (the store brings the browser client).
const STORE = '../../src-renderer/src/stores/agent-maps.ts';
const { useAgentMapsStore } = (await import(STORE)) as { useAgentMapsStore: () => { onProgress(event: { agentId: number; phase: string; done: number; total: number }): void } };

const agent: AgentInfo = {
  id: 4, name: 'walker', benchmark: 'nb201-cifar10', space: 'nb201', preset: 'cpu-small', runId: 2, experimentId: 1, envSteps: 100, learnerSteps: 10,
  mlBackend: 'cpu', createdAt: '2026-12-04T00:00:00.000Z', trainedOn: [{ benchmark: 'nb201-cifar10', contentSha256: 'ab'.repeat(32), cellsQueried: 90 }], transfer: [],
};

beforeAll(async () => {
  // The plain cpu backend: happy-dom's fetch cannot load the wasm backend's files (and a random network's latents need no speed).
  await selectBackend({ prefer: 'cpu' });
  const bench = loadBenchmark({ name: 'nb201-cifar10', kind: 'nb201', dataPath: join(process.cwd(), 'resources/nb201-cifar10/table.nb201') });
  const shape = { encodingSize: bench.space.encodingSize, latentDim: 16, layers: 1, heads: 2, ffnDim: 32, dropout: 0, maxNeighbours: 8 };
  const hyper = { ...presetHyperparameters('cpu-small'), latentDim: 16, layers: 1, heads: 2, ffnDim: 32, maxNeighbours: 8 };
  const policy = new NetworkPolicy(QNetwork.create(shape, new Rng(1)), { spaceName: 'nb201', benchmarkName: 'nb201-cifar10', hyper, envSteps: 0, learnerSteps: 0 });
  const rng = new Rng(3);
  const walk = [bench.space.sample(rng)];
  for (let i = 0; i < 9; i++) walk.push(bench.space.neighbours(walk.at(-1)!, 'paper')[i]!.arch);
  map = await computeAgentMap({ oracle: benchmarkOracle(bench), agent: policy, trajectories: [{ runId: 12, seed: 0, archs: walk }], cells: 15625 }, { ...DEFAULT_AGENT_MAP_PARAMS, samples: 300, epochs: 30 });
  policy.dispose();
});

beforeEach(() => {
  setActivePinia(createPinia());
  requests.length = 0;
  location().hash = '#/agents/4';
});

describe('AgentMapSection', () => {
  test('asked for, it shows progress, then the map\'s provenance, legend, agreement and trajectories; the address remembers it', async () => {
    const wrapper = mount(AgentMapSection, { props: { agent }, global: { stubs: { AgentMapChart: true } } });
    await settle();
    expect(requests).toEqual([]);
    await wrapper.find('form').trigger('submit');
    await settle();
    expect(requests).toEqual([{ agentId: 4, params: { samples: 3000, runs: 5, seed: 0 } }]);
    expect(location().hash).toContain('map=1');
    useAgentMapsStore().onProgress({ agentId: 4, phase: 'UMAP layout', done: 50, total: 200 });
    await settle();
    expect(wrapper.find('[data-testid="agent-map-progress"]').text()).toContain('UMAP layout 50 of 200');
    expect(wrapper.find('[data-testid="agent-map-progress-bar"]').attributes('aria-valuenow')).toBe('25');

    answer({ agent: { id: 4, name: 'walker' }, benchmark: 'nb201-cifar10', contentSha256: 'ab'.repeat(32), cached: false, computedAt: '2026-12-04T01:00:00.000Z', map });
    await settle();
    expect(wrapper.find('[data-testid="agent-map-progress"]').exists()).toBe(false);
    const provenance = wrapper.find('[data-testid="agent-map-provenance"]').text();
    expect(provenance).toContain('Computed');
    expect(provenance).toContain(`300 sampled cells and ${map.points.length - 300} more its searches visited`);
    expect(wrapper.find('[data-testid="agent-map-agreement"]').text()).toBe(map.neighbourAgreement!.toFixed(3));
    const { low, high } = accuracyRange(map);
    expect(wrapper.find('[data-testid="agent-map-legend"]').text()).toContain(`${low.toFixed(1)} %`);
    expect(wrapper.find('[data-testid="agent-map-legend"]').text()).toContain(`${high.toFixed(1)} %`);
    const rows = wrapper.findAll('[data-testid="agent-map-run"]');
    expect(rows.map((r) => r.find('a').attributes('href'))).toEqual(['#/runs/12']);
    expect(rows[0]!.findAll('td')[2]!.text()).toBe('10');

    // Reopened from the address (a link, a reload): the map is asked for at once.
    setActivePinia(createPinia());
    requests.length = 0;
    mount(AgentMapSection, { props: { agent }, global: { stubs: { AgentMapChart: true } } });
    await settle();
    expect(requests).toEqual([{ agentId: 4, params: { samples: 3000, runs: 5, seed: 0 } }]);
  });

  test('bad parameters are refused in the form, naming the field; nothing is sent', async () => {
    const wrapper = mount(AgentMapSection, { props: { agent }, global: { stubs: { AgentMapChart: true } } });
    await wrapper.find('[data-testid="agent-map-samples"]').setValue('5');
    await wrapper.find('form').trigger('submit');
    expect(wrapper.find('[data-testid="agent-map-form-error"]').text()).toBe('Sampled cells must be a whole number from 10 to 20,000');
    await wrapper.find('[data-testid="agent-map-samples"]').setValue('500');
    await wrapper.find('[data-testid="agent-map-seed"]').setValue('1.5');
    await wrapper.find('form').trigger('submit');
    expect(wrapper.find('[data-testid="agent-map-form-error"]').text()).toBe('Seed must be a whole number from 0 to 2,147,483,647');
    expect(requests).toEqual([]);
  });

  test('the chart option: each sampled cell coloured by its accuracy, best drawn last; each run a line from a diamond start', () => {
    const option = agentMapOption(map, { text: '#000', muted: '#888', background: '#fff' }) as { series: { type: string; data: { value: number[]; symbol?: string; itemStyle: { color: string } }[] }[] };
    expect(option.series.map((s) => s.type)).toEqual(['scatter', 'line']);
    const points = option.series[0]!.data;
    expect(points).toHaveLength(300);
    const { low, high } = accuracyRange(map);
    const best = map.points[points.at(-1)!.value[2]!]!;
    expect(best.valid! * 100).toBe(high);
    expect(points.at(-1)!.itemStyle.color).toBe(accuracyColour(1));
    const line = option.series[1]!.data;
    expect(line.map((d) => d.value[2])).toEqual(map.trajectories[0]!.cells);
    expect(line[0]!.symbol).toBe('diamond');
    expect(accuracyColour(0)).toBe('#440154');
    expect(accuracyColour(-1)).toBe('#440154');
    expect(accuracyColour(1)).toBe('#fde725');
    expect(low).toBeLessThan(high);
    // On a dark page the scale starts lighter, so the worst cells do not vanish into the background.
    expect(isDarkBackground('#151b23')).toBe(true);
    expect(isDarkBackground('#ffffff')).toBe(false);
    expect(accuracyColour(0, true)).not.toBe('#440154');
    expect(accuracyColour(1, true)).toBe('#fde725');
    const dark = agentMapOption(map, { text: '#eee', muted: '#999', background: '#151b23' }) as typeof option;
    expect(dark.series[0]!.data[0]!.itemStyle.color).not.toBe(points[0]!.itemStyle.color);
  });
});
