import assert from 'node:assert/strict';
import { test } from 'node:test';
import { API_METHODS } from '#shared/api.ts';
import { API_PARAMS, apiParamsProblem, checkApiRequest, MAX_CONFIG_TEXT } from '#shared/api-params.ts';

test('every Api method has a parameter row, and nothing else does', () => {
  assert.deepEqual(Object.keys(API_PARAMS).sort(), [...API_METHODS].sort());
});

test('well-formed requests pass, with optional parameters absent or null', () => {
  for (const [method, params] of [
    ['system', []],
    ['getRun', [3]],
    ['getRun', [3, null]],
    ['getRun', [3, { curve: false }]],
    ['getRunArchitectures', [3, { fromQuery: 0, limit: 50 }]],
    ['importBenchmark', [{ kind: 'nb201', path: '/data/a.csv', name: 'a' }]],
    ['moveQueuedRun', [1, 'top']],
    ['exportReport', [{ targets: ['exp:1', 'run:2'], format: 'pdf', budgets: [10, 100] }]],
    ['validateConfig', ['name: x']],
    ['getBenchmarkAnalysis', ['nb201-cifar10']],
    ['getBenchmarkAnalysis', ['nb201-cifar10', { alphas: [0.5, 10, 50], walks: 5, seed: 3 }]],
  ] as const) {
    assert.equal(apiParamsProblem(method, params), null, `${method} ${JSON.stringify(params)}`);
  }
});

test('bad requests are refused with bad-request, naming the method and the parameter', () => {
  const cases: [Parameters<typeof apiParamsProblem>[0], unknown[], string][] = [
    ['getRun', ['7'], 'getRun: parameter "id" must be an integer from 1 to 9007199254740991, got "7"'],
    ['getRun', [], 'getRun: parameter "id" is required'],
    ['getRun', [1.5], 'getRun: parameter "id" must be an integer from 1 to 9007199254740991, got number 1.5'],
    ['getRun', [1, { curve: 'no' }], 'getRun: parameter "options.curve" must be true or false, got "no"'],
    ['getRun', [1, { everything: true }], 'getRun: parameter "options" has no field "everything"; its fields are curve, metrics'],
    ['system', [1], 'system takes no parameters, got 1'],
    ['getBenchmarkAnalysis', ['b', { alphas: [10, 'x'] }], 'getBenchmarkAnalysis: parameter "params.alphas[1]" must be a number from 0.01 to 200, got "x"'],
    ['getBenchmarkAnalysis', ['b', { alphas: [] }], 'getBenchmarkAnalysis: parameter "params.alphas" must hold 1 to 8 items, got 0'],
    ['getBenchmarkAnalysis', ['b', { alphas: [Number.NaN] }], 'getBenchmarkAnalysis: parameter "params.alphas[0]" must be a number from 0.01 to 200, got number NaN'],
    ['getBenchmarkAnalysis', ['b', { walkSteps: 1e9 }], 'getBenchmarkAnalysis: parameter "params.walkSteps" must be an integer from 10 to 5000, got number 1000000000'],
    ['cancelRun', [1, 2], 'cancelRun takes at most 1 (id), got 2'],
    ['importBenchmark', [{ kind: 'nb201', path: 7, name: 'a' }], 'importBenchmark: parameter "request.path" must be a string, got number 7'],
    ['importBenchmark', [{ kind: 'exe', path: '/a', name: 'a' }], 'importBenchmark: parameter "request.kind" must be one of nb201, nb101, nb301-yahpo, nb301-xgb, live, got "exe"'],
    ['importBenchmark', [{ kind: 'nb201', path: '/a\0b', name: 'a' }], 'importBenchmark: parameter "request.path" must not contain NUL characters'],
    ['importBenchmark', [{ kind: 'nb201', path: '/a' }], 'importBenchmark: parameter "request.name" is required'],
    ['moveQueuedRun', [1, 'sideways'], 'moveQueuedRun: parameter "where" must be one of top, bottom, up, down, got "sideways"'],
    ['exportReport', [{ targets: [], format: 'html' }], 'exportReport: parameter "request.targets" must hold 1 to 100 items, got 0'],
    ['exportReport', [{ targets: ['exp:1'], format: 'html', budgets: [0] }], 'exportReport: parameter "request.budgets[0]" must be an integer from 1 to 10000000, got number 0'],
    ['createExperiment', ['x'.repeat(MAX_CONFIG_TEXT + 1)], `createExperiment: parameter "text" must be at most ${MAX_CONFIG_TEXT} characters, got ${MAX_CONFIG_TEXT + 1}`],
  ];
  for (const [method, params, message] of cases) {
    assert.deepEqual(checkApiRequest(method, params), { code: 'bad-request', message }, `${method} ${JSON.stringify(params).slice(0, 60)}`);
  }
  assert.equal(apiParamsProblem('createExperiment', [{ text: 'a long secret' }]), 'createExperiment: parameter "text" must be a string, got an object');
});
