/**
 * A landscape analysis inside the run process: opens the benchmark, reads a table's cells, and
 * runs the library's analysis, reporting each part's progress (at most a few messages a second).
 */
import { analyseLandscape, type LandscapeAnalysis as LibraryAnalysis, type LandscapeParams as LibraryParams } from '../nas/analysis/landscape-analysis.ts';
import { benchmarkOracle } from '../nas/analysis/oracle.ts';
import { tableCells } from '../nas/benchmarks/table-cells.ts';
import type { LandscapeAnalysis, LandscapeParams } from '#shared/landscape.ts';
import type { AnalyseMessage } from '#shared/worker-protocol.ts';
import { loadBenchmark } from './benchmark-loader.ts';
import type { ParentTransport } from './transport.ts';
import type { Same } from './type-agreement.ts';

/** The Api's shapes are exactly the library's. */
const paramsAgree: Same<LandscapeParams, LibraryParams> = true;
const analysisAgree: Same<LandscapeAnalysis, LibraryAnalysis> = true;
void paramsAgree;
void analysisAgree;

const PROGRESS_EVERY_MS = 200;

export async function analysisJob(request: AnalyseMessage, transport: ParentTransport): Promise<LandscapeAnalysis> {
  const benchmark = loadBenchmark(request.benchmark);
  if (request.benchmark.kind === 'live') {
    throw new Error(`benchmark ${request.benchmark.name} is live: each of its queries trains a network, so its landscape is not analysed`);
  }
  transport.send({ type: 'progress', done: 0, total: 1, unit: 'reading the benchmark' });
  const cells = tableCells(benchmark);
  let last = 0;
  let lastPhase = '';
  const analysis = await analyseLandscape({ oracle: benchmarkOracle(benchmark), ...(cells ? { tableValid: cells.valid } : {}) }, request.params, (phase, done, total) => {
    const now = Date.now();
    if (phase === lastPhase && done < total && now - last < PROGRESS_EVERY_MS) return;
    last = now;
    lastPhase = phase;
    transport.send({ type: 'progress', done, total, unit: phase });
  });
  await (benchmark as { close?: () => Promise<void> }).close?.();
  return analysis;
}
