/**
 * One row of an official NB101 TFRecord file: the JSON array
 *   [module_hash, epochs, adjacency bits (row-major, n×n), "op,op,…", base64 ModelMetrics]
 * decoded the way NASBench.__init__ does: evaluation_data[1] is the halfway evaluation,
 * evaluation_data[2] the final one (evaluation_data[0], at step 0, is unused).
 */
import type { CellGraph } from '../../spaces/nb101/matrix.ts';
import { LABEL_INPUT, LABEL_OUTPUT, NB101_MAX_VERTICES, NB101_OPS, isNb101Op, opLabel } from '../../spaces/nb101/ops.ts';
import { decodeModelMetrics, type EvaluationData } from './protobuf.ts';

/** Per-repeat metrics, named as the official API's computed_stats. */
export const METRIC_FIELDS = [
  'final_train_accuracy',
  'final_validation_accuracy',
  'final_test_accuracy',
  'final_training_time',
  'halfway_train_accuracy',
  'halfway_validation_accuracy',
  'halfway_test_accuracy',
  'halfway_training_time',
] as const;
export type MetricField = (typeof METRIC_FIELDS)[number];

export interface Nb101Row {
  hash: string;
  epochs: number;
  graph: CellGraph;
  trainableParameters: number;
  /** Values in METRIC_FIELDS order. */
  metrics: number[];
}

const HASH = /^[0-9a-f]{32}$/;
const decoder = new TextDecoder();

export function parseNb101Row(data: Uint8Array, where: string): Nb101Row {
  let row: unknown;
  try {
    row = JSON.parse(decoder.decode(data));
  } catch (e) {
    throw new Error(`${where}: row is not JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(row) || row.length !== 5) throw new Error(`${where}: expected a JSON array [hash, epochs, adjacency, ops, metrics]`);
  const [hash, epochs, adjacency, ops, metrics] = row as unknown[];
  if (typeof hash !== 'string' || !HASH.test(hash)) throw new Error(`${where}: module hash ${JSON.stringify(hash)} is not 32 lowercase hex digits`);
  if (typeof epochs !== 'number' || !Number.isInteger(epochs) || epochs <= 0 || epochs > 0x7fffffff) throw new Error(`${where}: epochs ${JSON.stringify(epochs)} is not a positive integer`);
  if (typeof adjacency !== 'string' || typeof ops !== 'string' || typeof metrics !== 'string') {
    throw new Error(`${where}: adjacency, ops and metrics must be strings`);
  }
  const graph = parseGraph(adjacency, ops, where);
  const m = decodeModelMetrics(Buffer.from(metrics, 'base64'));
  const half = m.evaluationData[1];
  const final = m.evaluationData[2];
  if (half === undefined || final === undefined) {
    throw new Error(`${where}: ModelMetrics has ${m.evaluationData.length} evaluations; the halfway and final ones (indices 1 and 2) are needed`);
  }
  if (m.trainableParameters === undefined) throw new Error(`${where}: ModelMetrics has no trainable_parameters`);
  return {
    hash,
    epochs,
    graph,
    trainableParameters: m.trainableParameters,
    metrics: [
      need(final, 'trainAccuracy', 'final', where),
      need(final, 'validationAccuracy', 'final', where),
      need(final, 'testAccuracy', 'final', where),
      need(final, 'trainingTime', 'final', where),
      need(half, 'trainAccuracy', 'halfway', where),
      need(half, 'validationAccuracy', 'halfway', where),
      need(half, 'testAccuracy', 'halfway', where),
      need(half, 'trainingTime', 'halfway', where),
    ],
  };
}

function need(e: EvaluationData, key: keyof Omit<EvaluationData, 'checkpointPath'>, which: string, where: string): number {
  const x = e[key];
  if (x === undefined) throw new Error(`${where}: the ${which} evaluation has no ${key}`);
  return x;
}

function parseGraph(adjacency: string, ops: string, where: string): CellGraph {
  const n = Math.round(Math.sqrt(adjacency.length));
  if (n * n !== adjacency.length) throw new Error(`${where}: adjacency has ${adjacency.length} bits, not a square number`);
  if (n < 2 || n > NB101_MAX_VERTICES) throw new Error(`${where}: a ${n}-vertex cell; NAS-Bench-101 cells have 2 to ${NB101_MAX_VERTICES} vertices`);
  const names = ops.split(',');
  if (names.length !== n) throw new Error(`${where}: ${names.length} ops for a ${n}×${n} adjacency matrix`);
  const labels = names.map((op, v) => {
    if (!isNb101Op(op)) throw new Error(`${where}: op ${v} is "${op}"; allowed: ${NB101_OPS.join(', ')}`);
    return opLabel(op);
  });
  if (labels[0] !== LABEL_INPUT || labels[n - 1] !== LABEL_OUTPUT) throw new Error(`${where}: ops must start with input and end with output`);
  for (let v = 1; v < n - 1; v++) {
    if ((labels[v] as number) < 0) throw new Error(`${where}: op ${v} is "${names[v]}"; only the first vertex is the input and only the last the output`);
  }
  const out = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const c = adjacency.charCodeAt(i * n + j);
      if (c === 0x31) {
        if (j <= i) throw new Error(`${where}: adjacency has an edge ${i}→${j}; the matrix must be upper-triangular`);
        out[i] = (out[i] as number) | (1 << j);
      } else if (c !== 0x30) throw new Error(`${where}: adjacency must be a string of 0 and 1`);
    }
  }
  return { n, out, labels };
}
