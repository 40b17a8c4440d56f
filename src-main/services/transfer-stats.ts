/**
 * How hard an agent's transfer to a table is, for the agent's page and the reports: Spearman's
 * ρ of validation accuracy between each training table and the target over their shared
 * cells, and the fraction of the target's top 1 % cells that training queried.
 */
import { existsSync, readFileSync } from 'node:fs';
import { coverage, pairedValues, spearman, topCells } from '../nas/transfer.ts';
import type { TransferStat } from '#shared/api.ts';
import { sampleLabel } from '#shared/sample-label.ts';
import { VISITED_FORMAT, type VisitedFile } from '#shared/visited-cells.ts';
import { agentTrainedOn } from './agents.ts';
import { benchmarkCells, benchmarkContentSha256 } from './benchmark-cells.ts';
import type { AgentRow, BenchmarkRow, Store } from './store.ts';

const visitedCache = new Map<string, Set<string>>();
/** ρ and top-1 % sets depend only on the tables' contents: computed once per process. */
const rhoCache = new Map<string, number | null>();
const topCache = new Map<string, string[]>();

/** Every cell training queried, on any of its benchmarks; null when the agent has no such file (trained before it was kept). */
function visitedCells(agent: AgentRow): Set<string> | null {
  const path = agent.visited_path;
  if (!path || !existsSync(path)) return null;
  const hit = visitedCache.get(path);
  if (hit) return hit;
  const file = JSON.parse(readFileSync(path, 'utf8')) as VisitedFile;
  if (file.format !== VISITED_FORMAT) throw new Error(`${path} is not an archwalk visited-cells file`);
  const all = new Set<string>();
  for (const hashes of Object.values(file.benchmarks)) for (const h of hashes) all.add(h);
  visitedCache.set(path, all);
  return all;
}

/** Null when the target is of another space or is no finite table. */
export function transferStat(store: Store, agent: AgentRow, target: BenchmarkRow): TransferStat | null {
  if (target.space !== agent.space) return null;
  const targetCells = benchmarkCells(target);
  if (!targetCells) return null;
  const trainedOn = agentTrainedOn(store, agent);
  const targetSha = benchmarkContentSha256(target);
  const spearmanRows = trainedOn.map((t) => {
    const source = store.getBenchmark(t.benchmark);
    // The name must still hold the content the agent was trained on.
    const cells = source && benchmarkContentSha256(source) === t.contentSha256 ? benchmarkCells(source) : null;
    if (!cells) return { source: t.benchmark, rho: null };
    const key = `${t.contentSha256}:${targetSha}`;
    if (!rhoCache.has(key)) {
      const paired = pairedValues(cells, targetCells);
      const rho = spearman(paired.source, paired.target);
      rhoCache.set(key, Number.isFinite(rho) ? rho : null);
    }
    return { source: t.benchmark, rho: rhoCache.get(key)! };
  });
  const top = topCache.get(targetSha) ?? topCells(targetCells);
  topCache.set(targetSha, top);
  const visited = visitedCells(agent);
  return {
    agent: agent.name,
    target: target.name,
    sample: sampleLabel(trainedOn, targetSha),
    spearman: spearmanRows,
    topCells: top.length,
    topVisited: visited ? Math.round(coverage(top, visited) * top.length) : null,
  };
}

/** The agent against every registered table of its space. */
export function agentTransfer(store: Store, agent: AgentRow): TransferStat[] {
  return store
    .listBenchmarks()
    .map((b) => transferStat(store, agent, b))
    .filter((s): s is TransferStat => s !== null);
}
