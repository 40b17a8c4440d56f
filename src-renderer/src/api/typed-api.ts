/**
 * The typed `Api` over an untyped request function, shared by both transports so the
 * method list is written once. The object literal is checked against `Api`, so a method
 * added to the contract fails to compile here until it is wired.
 */
import type {
  AgentInfo,
  Api,
  ApiMethod,
  BenchmarkInfo,
  CreateExperimentResult,
  CurvePoint,
  EvaluatedArchitecture,
  ExperimentArchitecture,
  ExperimentDetail,
  ExportedReport,
  ExperimentSummary,
  PushEvent,
  QueueState,
  RunDetail,
  SystemInfo,
  WorkEstimate,
} from '#shared/api.ts';
import type { BenchmarkAnalysis } from '#shared/landscape.ts';
import type { AgentMapResult } from '#shared/agent-map.ts';
import type { ValidationIssue } from '#shared/schema.ts';
import type { SweepResults } from '#shared/sweep-results.ts';

export type Call = (method: ApiMethod, params: unknown[]) => Promise<unknown>;
export type Subscribe = (listener: (event: PushEvent) => void) => () => void;

export function typedApi(call: Call, subscribe: Subscribe): Api {
  // The transports cannot check result shapes at run time; the server implements the
  // same `Api`, so the casts only restate the contract.
  const req = <T>(method: ApiMethod, ...params: unknown[]): Promise<T> => call(method, params) as Promise<T>;
  return {
    system: () => req<SystemInfo>('system'),
    listBenchmarks: () => req<BenchmarkInfo[]>('listBenchmarks'),
    importBenchmark: (request) => req<BenchmarkInfo>('importBenchmark', request),
    removeBenchmark: (name) => req<void>('removeBenchmark', name),
    listAgents: () => req<AgentInfo[]>('listAgents'),
    validateConfig: (text) => req<{ ok: boolean; issues: ValidationIssue[]; estimate: WorkEstimate | null }>('validateConfig', text),
    createExperiment: (text) => req<CreateExperimentResult>('createExperiment', text),
    listExperiments: () => req<ExperimentSummary[]>('listExperiments'),
    getExperiment: (id) => req<ExperimentDetail>('getExperiment', id),
    deleteExperiment: (id) => req<void>('deleteExperiment', id),
    getRun: (id, options) => (options === undefined ? req<RunDetail>('getRun', id) : req<RunDetail>('getRun', id, options)),
    getRunArchitectures: (id, options) => (options === undefined ? req<EvaluatedArchitecture[]>('getRunArchitectures', id) : req<EvaluatedArchitecture[]>('getRunArchitectures', id, options)),
    getQueue: () => req<QueueState>('getQueue'),
    getExperimentCurves: (id) => req<Record<number, CurvePoint[]>>('getExperimentCurves', id),
    getExperimentArchitectures: (id, options) => (options === undefined ? req<ExperimentArchitecture[]>('getExperimentArchitectures', id) : req<ExperimentArchitecture[]>('getExperimentArchitectures', id, options)),
    getSweepResults: (id, options) => req<SweepResults | null>('getSweepResults', id, options),
    moveQueuedRun: (id, where) => req<void>('moveQueuedRun', id, where),
    cancelRun: (id) => req<void>('cancelRun', id),
    pauseRun: (id) => req<void>('pauseRun', id),
    resumeRun: (id) => req<void>('resumeRun', id),
    setConcurrency: (n) => req<void>('setConcurrency', n),
    exportReport: (request) => req<ExportedReport>('exportReport', request),
    getBenchmarkAnalysis: (name, params) => (params === undefined ? req<BenchmarkAnalysis>('getBenchmarkAnalysis', name) : req<BenchmarkAnalysis>('getBenchmarkAnalysis', name, params)),
    getAgentMap: (agentId, params) => (params === undefined ? req<AgentMapResult>('getAgentMap', agentId) : req<AgentMapResult>('getAgentMap', agentId, params)),
    subscribe,
  };
}
