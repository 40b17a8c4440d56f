/**
 * The official NAS-Bench-301 v1.0 performance surrogate (an ensemble of XGBoost models) as
 * a Benchmark, evaluated in TypeScript from the export that resources/nb301/export_xgb.py
 * writes where the `nasbench301` package and its models are installed:
 *
 *   metadata.json  format "nb301-xgb-export" v1: members (file names), the feature layout
 *                  (every ConfigSpace hyperparameter in ConfigSpace.get_array() order, with
 *                  its choices), the vector values of the fixed training hyperparameters,
 *                  and how the ensemble combines members
 *   member_i.json  each member as XGBoost JSON
 *   golden.json    200 random genotypes: NB301's own feature vector and every member's
 *                  prediction
 *
 * What NB301 does (nasbench301/api.py, surrogate_models/ensemble.py, .../xgboost.py): a
 * genotype becomes a ConfigSpace dictionary (convert_genotype_to_config) merged with fixed
 * training hyperparameters; the Configuration's vector (get_array(): a categorical as the
 * index of its value among the choices, inactive as NaN) has NaN replaced by −1; each
 * member predicts validation accuracy in percent; the ensemble returns the mean, plus
 * N(0, std) with std the population standard deviation over members when noise is on
 * (predict(..., with_noise=True), the official default).
 *
 * Import accepts the export only if every golden vector is rebuilt exactly and every golden
 * member prediction is reproduced within the tolerance; otherwise it refuses and names the
 * worst mismatch. There is no runtime model in the export (NB301's is LightGBM), so cost is
 * 0 and trainSeconds is absent; Metrics.test repeats the validation accuracy
 * (`testIsValidation`), as NB301 predicts nothing else.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Rng } from '../../rng.ts';
import { csEdgeIndex, csInputChoices, NB301_CS_EDGES } from '../../spaces/nb301/configspace.ts';
import { NB301_CELL_TYPES, NB301_NODES, NB301_OPS, type Nb301CellType, type Nb301Genotype } from '../../spaces/nb301/genotype.ts';
import { hashGenotype, nb301Space, toGenotype } from '../../spaces/nb301/space.ts';
import type { Benchmark, Metrics, QueryOptions } from '../types.ts';
import { parseXgbModel, predictXgb, XgbFormatError, type XgbModel } from './xgb.ts';
import { writeFileAtomic } from '../../io/atomic-file.ts';

export const NB301_XGB_EXPORT_FORMAT = 'nb301-xgb-export';
export const NB301_XGB_EXPORT_VERSION = 1;
export const NB301_XGB_FORMAT = 'archwalk-nb301-xgb';
export const NB301_XGB_VERSION = 1;
export const NB301_XGB_MANIFEST = 'archwalk-nb301-xgb.json';
export const NB301_XGB_LABEL = 'NAS-Bench-301 v1.0 surrogate (XGBoost ensemble)';
/** Largest |TypeScript − XGBoost| accepted on a golden member prediction (accuracy in %). */
export const NB301_XGB_TOLERANCE = 1e-5;
/** Value NB301 puts in the vector for an inactive hyperparameter. */
export const NB301_INACTIVE = -1;

export class Nb301XgbImportError extends Error {
  override name = 'Nb301XgbImportError';
}

export interface Nb301FeatureSpec {
  name: string;
  type: string;
  choices?: string[];
}

export interface Nb301XgbMetadata {
  format: typeof NB301_XGB_EXPORT_FORMAT;
  version: number;
  members: string[];
  features: Nb301FeatureSpec[];
  /** get_array() value of every feature for the fixed training hyperparameters (architecture features: anything). */
  fixedVector: number[];
  inactiveValue: number;
  combine: { mean: 'mean'; noise: 'normal-population-std' };
  target?: string;
  versions?: Record<string, string>;
}

export interface Nb301Golden {
  genotype: string;
  features: number[];
  predictions: number[];
}

/** Where each architecture hyperparameter sits in the feature vector. */
export interface Nb301FeatureLayout {
  size: number;
  names: string[];
  fixed: Float32Array;
  /** Position of edge_{cell}_{e} at [c * 14 + e]. */
  edgePos: Int32Array;
  /** Vector value of op o on edge [c * 14 + e] at [(c * 14 + e) * 7 + o]. */
  edgeValue: Float32Array;
  /** Position of inputs_node_{cell}_{3..5} at [c * 3 + k]. */
  inputsPos: Int32Array;
  inputsValue: Map<string, number>[];
}

const NAME = /^NetworkSelectorDatasetInfo:darts:(edge|inputs_node)_(normal|reduce)_(\d+)$/;

/** Checks the exported layout against the DARTS space; errors say which feature is off. */
export function compileFeatureLayout(meta: Pick<Nb301XgbMetadata, 'features' | 'fixedVector'>): Nb301FeatureLayout {
  const size = meta.features.length;
  if (!Array.isArray(meta.fixedVector) || meta.fixedVector.length !== size) {
    throw new Nb301XgbImportError(`metadata.json: fixedVector has ${meta.fixedVector?.length} values for ${size} features`);
  }
  const layout: Nb301FeatureLayout = {
    size,
    names: meta.features.map((f) => String(f.name)),
    fixed: Float32Array.from(meta.fixedVector, (v) => (v === null ? Number.NaN : v)),
    edgePos: new Int32Array(2 * NB301_CS_EDGES).fill(-1),
    edgeValue: new Float32Array(2 * NB301_CS_EDGES * NB301_OPS.length),
    inputsPos: new Int32Array(6).fill(-1),
    inputsValue: Array.from({ length: 6 }, () => new Map<string, number>()),
  };
  meta.features.forEach((f, i) => {
    const m = NAME.exec(f.name);
    if (!m) return;
    const c = NB301_CELL_TYPES.indexOf(m[2] as Nb301CellType);
    const index = Number(m[3]);
    const choices = f.choices;
    if (f.type !== 'categorical' || !Array.isArray(choices)) throw new Nb301XgbImportError(`feature ${i} (${f.name}) is not categorical with choices; this export is from another feature layout`);
    if (m[1] === 'edge') {
      if (index >= NB301_CS_EDGES) throw new Nb301XgbImportError(`feature ${i} (${f.name}): a cell has edges 0..${NB301_CS_EDGES - 1}`);
      layout.edgePos[c * NB301_CS_EDGES + index] = i;
      NB301_OPS.forEach((op, o) => {
        const v = choices.indexOf(op);
        if (v < 0) throw new Nb301XgbImportError(`feature ${i} (${f.name}) has no choice "${op}"; this export is from another feature layout`);
        layout.edgeValue[(c * NB301_CS_EDGES + index) * NB301_OPS.length + o] = v;
      });
    } else {
      if (index < 3 || index > 5) throw new Nb301XgbImportError(`feature ${i} (${f.name}): only nodes 3..5 choose inputs`);
      layout.inputsPos[c * 3 + index - 3] = i;
      for (const pair of csInputChoices(index)) {
        const v = choices.indexOf(pair);
        if (v < 0) throw new Nb301XgbImportError(`feature ${i} (${f.name}) has no choice "${pair}"; this export is from another feature layout`);
        layout.inputsValue[c * 3 + index - 3]!.set(pair, v);
      }
    }
  });
  const missingEdge = layout.edgePos.indexOf(-1);
  if (missingEdge >= 0) {
    throw new Nb301XgbImportError(`the export has no feature for edge_${NB301_CELL_TYPES[Math.floor(missingEdge / NB301_CS_EDGES)]}_${missingEdge % NB301_CS_EDGES}; this export is from another feature layout`);
  }
  const missingInputs = layout.inputsPos.indexOf(-1);
  if (missingInputs >= 0) {
    throw new Nb301XgbImportError(`the export has no feature for inputs_node_${NB301_CELL_TYPES[Math.floor(missingInputs / 3)]}_${3 + (missingInputs % 3)}; this export is from another feature layout`);
  }
  return layout;
}

/** NB301's feature vector of a genotype: get_array() with NaN → −1, in float32. */
export function nb301Features(g: Nb301Genotype, layout: Nb301FeatureLayout, out = new Float32Array(layout.size)): Float32Array {
  out.set(layout.fixed);
  NB301_CELL_TYPES.forEach((cellType, c) => {
    for (let e = 0; e < NB301_CS_EDGES; e++) out[layout.edgePos[c * NB301_CS_EDGES + e]!] = NB301_INACTIVE;
    for (let k = 0; k < 3; k++) out[layout.inputsPos[c * 3 + k]!] = NB301_INACTIVE;
    const cell = g[cellType];
    for (let j = 0; j < NB301_NODES; j++) {
      const a = cell[2 * j]!;
      const b = cell[2 * j + 1]!;
      for (const [input, op] of [a, b]) {
        const slot = c * NB301_CS_EDGES + csEdgeIndex(j, input);
        out[layout.edgePos[slot]!] = layout.edgeValue[slot * NB301_OPS.length + op]!;
      }
      if (j > 0) {
        const pair = a[0] < b[0] ? `${a[0]}_${b[0]}` : `${b[0]}_${a[0]}`;
        out[layout.inputsPos[c * 3 + j - 1]!] = layout.inputsValue[c * 3 + j - 1]!.get(pair)!;
      }
    }
  });
  return out;
}

export interface Nb301Ensemble {
  layout: Nb301FeatureLayout;
  members: XgbModel[];
}

/** Every member's prediction (validation accuracy in %) for one genotype. */
export function predictMembers(ensemble: Nb301Ensemble, g: Nb301Genotype): number[] {
  const x = nb301Features(g, ensemble.layout);
  return ensemble.members.map((m) => predictXgb(m, x));
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Nb301XgbImportError(`cannot read ${what} ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Nb301XgbImportError(`${what} ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

export function readNb301XgbMetadata(dir: string): Nb301XgbMetadata {
  const path = join(dir, 'metadata.json');
  const meta = readJson(path, 'the export metadata') as Partial<Nb301XgbMetadata>;
  if (meta?.format !== NB301_XGB_EXPORT_FORMAT) throw new Nb301XgbImportError(`${path} is not written by resources/nb301/export_xgb.py (format "${meta?.format}", expected "${NB301_XGB_EXPORT_FORMAT}")`);
  if (meta.version !== NB301_XGB_EXPORT_VERSION) throw new Nb301XgbImportError(`${path} has export version ${meta.version}; this archwalk reads version ${NB301_XGB_EXPORT_VERSION}`);
  if (!Array.isArray(meta.members) || meta.members.length === 0 || !meta.members.every((m) => typeof m === 'string' && /^[\w.-]+\.json$/.test(m))) {
    throw new Nb301XgbImportError(`${path}: members must list the member JSON files`);
  }
  if (!Array.isArray(meta.features) || meta.features.length === 0) throw new Nb301XgbImportError(`${path}: features is missing`);
  if (meta.inactiveValue !== undefined && meta.inactiveValue !== NB301_INACTIVE) {
    throw new Nb301XgbImportError(`${path}: inactive hyperparameters are ${meta.inactiveValue}; NB301's XGBoost models were trained with ${NB301_INACTIVE}`);
  }
  return meta as Nb301XgbMetadata;
}

/** Parses the members and checks them against the layout. */
export function openNb301Ensemble(dir: string, meta = readNb301XgbMetadata(dir)): Nb301Ensemble {
  const layout = compileFeatureLayout(meta);
  const members = meta.members.map((file) => {
    let model: XgbModel;
    try {
      model = parseXgbModel(readJson(join(dir, file), 'the ensemble member'), file);
    } catch (error) {
      if (error instanceof XgbFormatError) throw new Nb301XgbImportError(error.message);
      throw error;
    }
    if (model.numFeature !== layout.size) {
      throw new Nb301XgbImportError(`${file} takes ${model.numFeature} features but metadata.json lists ${layout.size}; this model is from another feature layout`);
    }
    return model;
  });
  return { layout, members };
}

export interface Nb301XgbCheck {
  goldens: number;
  members: number;
  /** Largest |TypeScript − XGBoost| over all golden member predictions. */
  maxError: number;
}

/** Rebuilds every golden vector and prediction; throws naming the worst mismatch. */
export function checkNb301Golden(ensemble: Nb301Ensemble, goldens: readonly Nb301Golden[], tolerance = NB301_XGB_TOLERANCE): Nb301XgbCheck {
  if (goldens.length === 0) throw new Nb301XgbImportError('golden.json holds no genotypes; the import cannot be checked');
  const names = (i: number): string => `feature ${i} (${ensemble.layout.names[i]})`;
  let worst = { error: 0, golden: -1, member: -1, expected: 0, got: 0 };
  goldens.forEach((golden, k) => {
    let g: Nb301Genotype;
    try {
      g = toGenotype(golden.genotype);
    } catch (error) {
      throw new Nb301XgbImportError(`golden genotype ${k} cannot be read: ${(error as Error).message}`);
    }
    const x = nb301Features(g, ensemble.layout);
    if (!Array.isArray(golden.features) || golden.features.length !== x.length) {
      throw new Nb301XgbImportError(`golden genotype ${k} has ${golden.features?.length} features, the layout ${x.length}`);
    }
    for (let i = 0; i < x.length; i++) {
      const want = Math.fround(golden.features[i] ?? Number.NaN);
      if (!(want === x[i] || (Number.isNaN(want) && Number.isNaN(x[i]!)))) {
        throw new Nb301XgbImportError(
          `golden genotype ${k} (${golden.genotype}): ${names(i)} is ${golden.features[i]} in NB301's vector but archwalk builds ${x[i]}; the export is from another feature layout`,
        );
      }
    }
    if (!Array.isArray(golden.predictions) || golden.predictions.length !== ensemble.members.length) {
      throw new Nb301XgbImportError(`golden genotype ${k} has ${golden.predictions?.length} member predictions for ${ensemble.members.length} members`);
    }
    ensemble.members.forEach((m, j) => {
      const got = predictXgb(m, x);
      const expected = golden.predictions[j]!;
      const error = Math.abs(got - expected);
      if (!(error <= worst.error) || Number.isNaN(error)) worst = { error: Number.isNaN(error) ? Infinity : error, golden: k, member: j, expected, got };
    });
  });
  if (worst.error > tolerance) {
    throw new Nb301XgbImportError(
      `the TypeScript evaluation does not reproduce NB301: worst mismatch ${worst.error.toExponential(3)} (tolerance ${tolerance}) on golden genotype ${worst.golden} (${goldens[worst.golden]!.genotype}), member ${worst.member}: XGBoost gave ${worst.expected}, archwalk ${worst.got}`,
    );
  }
  return { goldens: goldens.length, members: ensemble.members.length, maxError: worst.error };
}

export interface Nb301XgbManifest {
  format: typeof NB301_XGB_FORMAT;
  version: number;
  label: string;
  members: string[];
  importedAt: string;
  check: Nb301XgbCheck;
  testIsValidation: true;
  exportVersions?: Record<string, string>;
}

export interface Nb301XgbImportOptions {
  tolerance?: number;
}

/**
 * Checks an export directory (layout, members, all golden pairs) and only then copies it
 * into destDir with a manifest. Nothing is written when a check fails.
 */
export function importNb301Xgb(exportDir: string, destDir: string, options: Nb301XgbImportOptions = {}): { dir: string; manifest: Nb301XgbManifest } {
  const meta = readNb301XgbMetadata(exportDir);
  const ensemble = openNb301Ensemble(exportDir, meta);
  const golden = readJson(join(exportDir, 'golden.json'), 'the golden predictions') as { genotypes?: Nb301Golden[] };
  if (!Array.isArray(golden?.genotypes)) throw new Nb301XgbImportError(`${join(exportDir, 'golden.json')} has no "genotypes" list`);
  const check = checkNb301Golden(ensemble, golden.genotypes, options.tolerance ?? NB301_XGB_TOLERANCE);
  const manifest: Nb301XgbManifest = {
    format: NB301_XGB_FORMAT,
    version: NB301_XGB_VERSION,
    label: NB301_XGB_LABEL,
    members: meta.members,
    importedAt: new Date().toISOString(),
    check,
    testIsValidation: true,
    ...(meta.versions ? { exportVersions: meta.versions } : {}),
  };
  mkdirSync(destDir, { recursive: true });
  for (const file of [...meta.members, 'metadata.json', 'golden.json']) writeFileAtomic(join(destDir, file), readFileSync(join(exportDir, file)));
  writeFileAtomic(join(destDir, NB301_XGB_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir: destDir, manifest };
}

/** Standard normal draw (Box–Muller) from a seeded Rng. */
export function gaussian(rng: Rng): number {
  return rng.gaussian();
}

export interface Nb301XgbOptions {
  /** Add N(0, member std) as NB301's predict(with_noise=True) does (default true). */
  noise?: boolean;
}

export class Nb301XgbBenchmark implements Benchmark<Nb301Genotype> {
  readonly name: string;
  readonly space = nb301Space;
  readonly label = NB301_XGB_LABEL;
  readonly testIsValidation = true;
  readonly noise: boolean;
  readonly ensemble: Nb301Ensemble;
  private readonly cache = new Map<string, { mean: number; std: number }>();

  constructor(name: string, ensemble: Nb301Ensemble, options: Nb301XgbOptions = {}) {
    this.name = name;
    this.ensemble = ensemble;
    this.noise = options.noise ?? true;
  }

  /** Mean and population std of the member predictions, in %. */
  meanStd(arch: Nb301Genotype): { mean: number; std: number } {
    const key = hashGenotype(arch);
    let hit = this.cache.get(key);
    if (!hit) {
      const p = predictMembers(this.ensemble, arch);
      const mean = p.reduce((s, v) => s + v, 0) / p.length;
      const std = Math.sqrt(p.reduce((s, v) => s + (v - mean) ** 2, 0) / p.length);
      hit = { mean, std };
      if (this.cache.size >= 1_000_000) this.cache.clear();
      this.cache.set(key, hit);
    }
    return hit;
  }

  /** Noise is drawn from options.rng unless noise is off or options.repeat is 'mean'. */
  query(arch: Nb301Genotype, options: QueryOptions): Metrics {
    const { mean, std } = this.meanStd(arch);
    const noisy = this.noise && options.repeat !== 'mean';
    const valid = (noisy ? mean + std * gaussian(options.rng) : mean) / 100;
    return { valid, test: valid, cost: 0 };
  }
}

export function readNb301XgbManifest(dir: string): Nb301XgbManifest {
  const path = join(dir, NB301_XGB_MANIFEST);
  if (!existsSync(path)) throw new Error(`${dir} holds no imported NB301 XGBoost ensemble (no ${NB301_XGB_MANIFEST}); import it again`);
  const m = readJson(path, 'the benchmark manifest') as Partial<Nb301XgbManifest>;
  if (m.format !== NB301_XGB_FORMAT) throw new Error(`${path} is not an archwalk NB301 XGBoost manifest`);
  if (m.version !== NB301_XGB_VERSION) throw new Error(`${path} has version ${m.version}; this archwalk reads version ${NB301_XGB_VERSION}`);
  return m as Nb301XgbManifest;
}

/** Opens an imported ensemble (parses the members; the golden check ran at import). */
export function loadNb301Xgb(dir: string, name: string, options?: Nb301XgbOptions): Nb301XgbBenchmark {
  readNb301XgbManifest(dir);
  return new Nb301XgbBenchmark(name, openNb301Ensemble(dir), options);
}
