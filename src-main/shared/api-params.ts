/**
 * The parameters of every Api method, as data: one table keyed by the ApiMethod union, so a
 * method added to the contract without a row here is a compile error. Both transports (the
 * WebSocket of `archwalk serve` and Electron's IPC) check a request against it before the
 * services see it, and a bad request gets `{ code: 'bad-request', message }` naming the method
 * and the parameter, never a TypeError from deep inside.
 */
import { REPORT_FORMATS, type ApiErrorPayload, type ApiMethod } from './api.ts';
import { ACCURACY_SCALES, IMPORTABLE_KINDS } from './benchmark-kinds.ts';
import { MAX_BUDGET } from './config.ts';
import { AGENT_MAP_LIMITS } from './agent-map.ts';
import { LANDSCAPE_LIMITS } from './landscape.ts';

export type ParamSpec =
  | { type: 'integer'; min: number; max: number }
  | { type: 'number'; min: number; max: number }
  | { type: 'string'; minLength?: number; maxLength: number; values?: readonly string[] }
  | { type: 'boolean' }
  | { type: 'list'; item: ParamSpec; minItems?: number; maxItems: number }
  | { type: 'object'; fields: Record<string, FieldSpec> };

/** A field of an object parameter; optional fields may be absent (or null, which JSON makes of undefined). */
export type FieldSpec = ParamSpec & { optional?: true };

/** A positional parameter: its name is what error messages call it. */
export type NamedParam = FieldSpec & { name: string };

const ID: ParamSpec = { type: 'integer', min: 1, max: Number.MAX_SAFE_INTEGER };
const id = (name = 'id'): NamedParam => ({ name, ...ID });
/** Config texts are a few kilobytes; 200 KB is far beyond any real one, and YAML parses it in well under a second. */
export const MAX_CONFIG_TEXT = 200_000;
const CONFIG_TEXT: NamedParam = { name: 'text', type: 'string', maxLength: MAX_CONFIG_TEXT };

export const API_PARAMS: Record<ApiMethod, readonly NamedParam[]> = {
  system: [],
  listBenchmarks: [],
  importBenchmark: [
    {
      name: 'request',
      type: 'object',
      fields: {
        kind: { type: 'string', maxLength: 32, values: IMPORTABLE_KINDS },
        path: { type: 'string', minLength: 1, maxLength: 4096 },
        name: { type: 'string', minLength: 1, maxLength: 64 },
        scale: { type: 'string', maxLength: 16, values: ACCURACY_SCALES, optional: true },
        dataset: { type: 'string', minLength: 1, maxLength: 32, optional: true },
        epochs: { type: 'integer', min: 1, max: 10_000, optional: true },
        unpinnedModel: { type: 'boolean', optional: true },
      },
    },
  ],
  removeBenchmark: [{ name: 'name', type: 'string', minLength: 1, maxLength: 64 }],
  listAgents: [],
  validateConfig: [CONFIG_TEXT],
  createExperiment: [CONFIG_TEXT],
  listExperiments: [],
  getExperiment: [id()],
  deleteExperiment: [id()],
  getRun: [id(), { name: 'options', optional: true, type: 'object', fields: { curve: { type: 'boolean', optional: true }, metrics: { type: 'boolean', optional: true } } }],
  getRunArchitectures: [
    id(),
    {
      name: 'options',
      optional: true,
      type: 'object',
      fields: {
        fromQuery: { type: 'integer', min: 0, max: MAX_BUDGET, optional: true },
        limit: { type: 'integer', min: 0, max: MAX_BUDGET, optional: true },
        top: { type: 'integer', min: 0, max: MAX_BUDGET, optional: true },
      },
    },
  ],
  getQueue: [],
  getExperimentCurves: [id()],
  getExperimentArchitectures: [id(), { name: 'options', optional: true, type: 'object', fields: { benchmark: { type: 'string', minLength: 1, maxLength: 64, optional: true } } }],
  getSweepResults: [
    id(),
    {
      name: 'options',
      optional: true,
      type: 'object',
      fields: {
        metric: { type: 'string', maxLength: 5, values: ['valid', 'test'], optional: true },
        bestAt: { type: 'integer', min: 1, max: MAX_BUDGET, optional: true },
      },
    },
  ],
  moveQueuedRun: [id(), { name: 'where', type: 'string', maxLength: 8, values: ['top', 'bottom', 'up', 'down'] }],
  cancelRun: [id()],
  pauseRun: [id()],
  resumeRun: [id()],
  // The upper bound depends on the machine; the services check it and say so.
  setConcurrency: [{ name: 'n', type: 'integer', min: 1, max: 1024 }],
  getBenchmarkAnalysis: [
    { name: 'name', type: 'string', minLength: 1, maxLength: 64 },
    {
      name: 'params',
      optional: true,
      type: 'object',
      fields: {
        alphas: { type: 'list', optional: true, minItems: 1, maxItems: LANDSCAPE_LIMITS.alphas.maxItems, item: { type: 'number', min: LANDSCAPE_LIMITS.alphas.min, max: LANDSCAPE_LIMITS.alphas.max } },
        samples: { type: 'integer', optional: true, ...LANDSCAPE_LIMITS.samples },
        pairs: { type: 'integer', optional: true, ...LANDSCAPE_LIMITS.pairs },
        walks: { type: 'integer', optional: true, ...LANDSCAPE_LIMITS.walks },
        walkSteps: { type: 'integer', optional: true, ...LANDSCAPE_LIMITS.walkSteps },
        maxLag: { type: 'integer', optional: true, ...LANDSCAPE_LIMITS.maxLag },
        bins: { type: 'integer', optional: true, ...LANDSCAPE_LIMITS.bins },
        seed: { type: 'integer', optional: true, ...LANDSCAPE_LIMITS.seed },
      },
    },
  ],
  getAgentMap: [
    id('agentId'),
    {
      name: 'params',
      optional: true,
      type: 'object',
      fields: {
        samples: { type: 'integer', optional: true, ...AGENT_MAP_LIMITS.samples },
        runs: { type: 'integer', optional: true, ...AGENT_MAP_LIMITS.runs },
        nNeighbors: { type: 'integer', optional: true, ...AGENT_MAP_LIMITS.nNeighbors },
        minDist: { type: 'number', optional: true, ...AGENT_MAP_LIMITS.minDist },
        epochs: { type: 'integer', optional: true, ...AGENT_MAP_LIMITS.epochs },
        seed: { type: 'integer', optional: true, ...AGENT_MAP_LIMITS.seed },
      },
    },
  ],
  exportReport: [
    {
      name: 'request',
      type: 'object',
      fields: {
        targets: { type: 'list', minItems: 1, maxItems: 100, item: { type: 'string', minLength: 1, maxLength: 40 } },
        format: { type: 'string', maxLength: 8, values: REPORT_FORMATS },
        budgets: { type: 'list', optional: true, maxItems: 100, item: { type: 'integer', min: 1, max: MAX_BUDGET } },
      },
    },
  ],
};

/** A value in an error message: its type, and short scalars themselves (never long text). */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'string') return value.length > 24 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** What is wrong with a value against its spec, or null; `path` (`request.path`, `targets[2]`) names it. */
function problem(path: string, spec: ParamSpec, value: unknown): string | null {
  const where = `parameter "${path}"`;
  switch (spec.type) {
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < spec.min || value > spec.max) {
        return `${where} must be an integer from ${spec.min} to ${spec.max}, got ${describe(value)}`;
      }
      return null;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value) || value < spec.min || value > spec.max) {
        return `${where} must be a number from ${spec.min} to ${spec.max}, got ${describe(value)}`;
      }
      return null;
    case 'boolean':
      return typeof value === 'boolean' ? null : `${where} must be true or false, got ${describe(value)}`;
    case 'string': {
      if (typeof value !== 'string') return `${where} must be a string, got ${describe(value)}`;
      if (spec.values && !spec.values.includes(value)) return `${where} must be one of ${spec.values.join(', ')}, got ${describe(value)}`;
      if (value.length < (spec.minLength ?? 0)) return `${where} must not be empty`;
      if (value.length > spec.maxLength) return `${where} must be at most ${spec.maxLength} characters, got ${value.length}`;
      if (value.includes('\0')) return `${where} must not contain NUL characters`;
      return null;
    }
    case 'list': {
      if (!Array.isArray(value)) return `${where} must be a list, got ${describe(value)}`;
      if (value.length < (spec.minItems ?? 0) || value.length > spec.maxItems) {
        return `${where} must hold ${spec.minItems ?? 0} to ${spec.maxItems} items, got ${value.length}`;
      }
      for (let i = 0; i < value.length; i++) {
        const found = problem(`${path}[${i}]`, spec.item, value[i]);
        if (found) return found;
      }
      return null;
    }
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${where} must be an object, got ${describe(value)}`;
      const record = value as Record<string, unknown>;
      const unknown = Object.keys(record).filter((key) => !Object.hasOwn(spec.fields, key));
      if (unknown.length > 0) {
        return `${where} has no field ${unknown.map((k) => describe(k)).join(', ')}; its fields are ${Object.keys(spec.fields).join(', ')}`;
      }
      for (const [key, field] of Object.entries(spec.fields)) {
        const given = record[key];
        if (given === undefined || given === null) {
          if (field.optional) continue;
          return `parameter "${path}.${key}" is required`;
        }
        const found = problem(`${path}.${key}`, field, given);
        if (found) return found;
      }
      return null;
    }
  }
}

/** What is wrong with a request's parameter list for `method`, or null when it fits the contract. */
export function apiParamsProblem(method: ApiMethod, params: readonly unknown[]): string | null {
  const specs = API_PARAMS[method];
  if (params.length > specs.length) return `${method} takes ${specs.length === 0 ? 'no parameters' : `at most ${specs.length} (${specs.map((s) => s.name).join(', ')})`}, got ${params.length}`;
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i]!;
    const value = params[i];
    if (value === undefined || value === null) {
      if (spec.optional) continue;
      return `${method}: parameter "${spec.name}" is required`;
    }
    const found = problem(spec.name, spec, value);
    if (found) return `${method}: ${found}`;
  }
  return null;
}

/** The structured refusal of a request that does not fit the contract, or null when it does. */
export function checkApiRequest(method: ApiMethod, params: readonly unknown[]): ApiErrorPayload | null {
  const found = apiParamsProblem(method, params);
  return found === null ? null : { code: 'bad-request', message: found };
}
