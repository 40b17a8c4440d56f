/**
 * The YAHPO Gym surrogate of the NAS-Bench-301 data (slds-lmu/yahpo_data nb301/
 * new_model.onnx, Apache-2.0) as a Benchmark. It is a network YAHPO trained on the ~60k
 * NB301 training architectures — not NB301's own XGBoost ensemble — so everything that
 * shows its numbers calls it NB301_YAHPO_LABEL.
 *
 * Model contract (checked at import): inputs x_cat int32 [1, 34] and x_cont float32 [1, 1],
 * one output float32 [1, 2] = [validation accuracy in %, runtime in s] (or [1, 4] for
 * YAHPO's later model_v2 layout: accuracy, cross-entropy, runtime, runtime increase).
 * x_cat holds, in YAHPO's cat_names order, the integer codes (encoding.json) of
 * edge_normal_0..13, edge_reduce_0..13, inputs_node_normal_3..5, inputs_node_reduce_3..5,
 * with "#na#" for the inactive edges; x_cont is the epoch (1..98, default 98).
 *
 * Test accuracy: the surrogate predicts validation accuracy only. Metrics.test repeats the
 * validation accuracy so that incumbent curves stay defined, and the benchmark says so with
 * `testIsValidation = true`; reports must label that column "validation (surrogate)".
 *
 * Queries made in the same tick are run as one batch (the model is rewritten to take a
 * symbolic batch size, onnx-batch.ts), and answers are cached by canonical hash and epoch.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { csEdgeIndex, NB301_CS_EDGES, YAHPO_CS_PREFIX, csEdgeName, csInputChoices, csInputsName } from '../../spaces/nb301/configspace.ts';
import { NB301_CELL_TYPES, NB301_NODES, NB301_OPS, type Nb301Genotype } from '../../spaces/nb301/genotype.ts';
import { hashGenotype, nb301Space } from '../../spaces/nb301/space.ts';
import type { Benchmark, Metrics, QueryOptions } from '../types.ts';
import { withSymbolicBatch } from './onnx-batch.ts';
import { OnnxSession, type OnnxRuntimeChoice, type OnnxRuntimePreference } from './onnx.ts';
import { writeFileAtomic } from '../../io/atomic-file.ts';
import { NB301_SMOKE_GENOTYPE, referenceMismatch, YAHPO_NB301_MODEL_SHA256, YAHPO_REFERENCES } from './yahpo-reference.ts';

export const NB301_YAHPO_LABEL = 'YAHPO surrogate of the NB301 data';
export const NB301_YAHPO_FORMAT = 'archwalk-nb301-yahpo';
export const NB301_YAHPO_VERSION = 1;
export const NB301_YAHPO_MANIFEST = 'archwalk-nb301-yahpo.json';
export const NB301_YAHPO_MIN_EPOCH = 1;
export const NB301_YAHPO_MAX_EPOCH = 98;
export const NB301_YAHPO_DEFAULT_EPOCH = 98;
/** Largest batch one session run takes; bigger requests are split. */
export const NB301_YAHPO_MAX_BATCH = 1024;

/** YAHPO's cat_names, in the model's input order. */
export const NB301_YAHPO_CAT_NAMES: readonly string[] = [
  ...NB301_CELL_TYPES.flatMap((cellType) => Array.from({ length: NB301_CS_EDGES }, (_, e) => csEdgeName(cellType, e, YAHPO_CS_PREFIX))),
  ...NB301_CELL_TYPES.flatMap((cellType) => [3, 4, 5].map((node) => csInputsName(cellType, node, YAHPO_CS_PREFIX))),
];
export const NB301_YAHPO_INPUTS = NB301_YAHPO_CAT_NAMES.length;
const EDGE_INPUTS = 2 * NB301_CS_EDGES;

export { NB301_SMOKE_GENOTYPE } from './yahpo-reference.ts';

export class Nb301ImportError extends Error {
  override name = 'Nb301ImportError';
}

/** Integer codes of every categorical input, from YAHPO's encoding.json. */
export interface YahpoCodes {
  /** Code of "#na#" for each of the 28 edge inputs. */
  edgeNa: Int32Array;
  /** Code of op o on edge input i at [i * 7 + o]. */
  edgeOps: Int32Array;
  /** Code of each "a_b" choice for the 6 node inputs. */
  nodeInputs: Map<string, number>[];
  /** Largest code of each of the 34 inputs (the model's embedding table has that + 1 rows). */
  maxCode: Int32Array;
}

function code(table: Record<string, unknown>, name: string, value: string, path: string): number {
  const c = table[value];
  if (c === undefined) throw new Nb301ImportError(`${path}: ${name} has no code for "${value}"; is this the encoding.json of YAHPO's nb301 scenario?`);
  if (!Number.isInteger(c) || (c as number) < 0) throw new Nb301ImportError(`${path}: ${name} codes "${value}" as ${JSON.stringify(c)}, not a non-negative integer`);
  return c as number;
}

export function parseYahpoEncoding(value: unknown, path = 'encoding.json'): YahpoCodes {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Nb301ImportError(`${path} is not a JSON object of per-parameter code tables`);
  const tables = value as Record<string, unknown>;
  const codes: YahpoCodes = {
    edgeNa: new Int32Array(EDGE_INPUTS),
    edgeOps: new Int32Array(EDGE_INPUTS * NB301_OPS.length),
    nodeInputs: [],
    maxCode: new Int32Array(NB301_YAHPO_INPUTS),
  };
  NB301_YAHPO_CAT_NAMES.forEach((name, i) => {
    const table = tables[name];
    if (table === null || typeof table !== 'object' || Array.isArray(table)) {
      throw new Nb301ImportError(`${path} has no code table for ${name}; expected YAHPO's nb301 encoding with all ${NB301_YAHPO_INPUTS} categorical inputs`);
    }
    const t = table as Record<string, unknown>;
    const values = Object.values(t);
    if (new Set(values).size !== values.length) throw new Nb301ImportError(`${path}: ${name} gives two values the same code`);
    const max = Math.max(...values.map((v) => (typeof v === 'number' ? v : -1)));
    codes.maxCode[i] = max;
    if (i < EDGE_INPUTS) {
      codes.edgeNa[i] = code(t, name, '#na#', path);
      NB301_OPS.forEach((op, o) => {
        codes.edgeOps[i * NB301_OPS.length + o] = code(t, name, op, path);
      });
    } else {
      const node = 3 + ((i - EDGE_INPUTS) % 3);
      const map = new Map<string, number>();
      for (const choice of csInputChoices(node)) map.set(choice, code(t, name, choice, path));
      code(t, name, '#na#', path);
      codes.nodeInputs.push(map);
    }
  });
  return codes;
}

/** Writes the 34 codes of `g` into `out` from `offset`. */
export function fillYahpoInputs(g: Nb301Genotype, codes: YahpoCodes, out: Int32Array, offset = 0): void {
  NB301_CELL_TYPES.forEach((cellType, c) => {
    const cell = g[cellType];
    const edgeBase = c * NB301_CS_EDGES;
    for (let e = 0; e < NB301_CS_EDGES; e++) out[offset + edgeBase + e] = codes.edgeNa[edgeBase + e]!;
    for (let j = 0; j < NB301_NODES; j++) {
      const [a, opA] = cell[2 * j]!;
      const [b, opB] = cell[2 * j + 1]!;
      const ea = edgeBase + csEdgeIndex(j, a);
      const eb = edgeBase + csEdgeIndex(j, b);
      out[offset + ea] = codes.edgeOps[ea * NB301_OPS.length + opA]!;
      out[offset + eb] = codes.edgeOps[eb * NB301_OPS.length + opB]!;
      if (j > 0) {
        const key = a < b ? `${a}_${b}` : `${b}_${a}`;
        out[offset + EDGE_INPUTS + c * 3 + (j - 1)] = codes.nodeInputs[c * 3 + (j - 1)]!.get(key)!;
      }
    }
  });
}

export interface YahpoPrediction {
  /** Validation accuracy in percent, as the model gives it. */
  validPercent: number;
  runtimeSeconds: number;
}

/** Where each target sits in the output row, by output width. */
const OUTPUT_LAYOUTS: Record<number, { names: string[]; valid: number; runtime: number }> = {
  2: { names: ['val_accuracy', 'runtime'], valid: 0, runtime: 1 },
  4: { names: ['val_accuracy', 'val_cross_entropy', 'runtime', 'runtime_increase'], valid: 0, runtime: 2 },
};

/** An opened model: checks its signature, runs batches. */
export class YahpoModel {
  private readonly session: OnnxSession;
  readonly codes: YahpoCodes;
  readonly outputWidth: number;
  private readonly catName: string;
  private readonly contName: string;
  private readonly outName: string;
  /** Runs are serialised: a session runs one batch at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(session: OnnxSession, codes: YahpoCodes, outputWidth: number) {
    this.session = session;
    this.codes = codes;
    this.outputWidth = outputWidth;
    this.catName = session.inputNames[0]!;
    this.contName = session.inputNames[1]!;
    this.outName = session.outputNames[0]!;
  }

  /** Opens and checks a model; `what` names it in errors. `runtime` picks the ONNX runtime (default: onnx.ts's choice). */
  static async open(modelBytes: Uint8Array, codes: YahpoCodes, what: string, runtime?: OnnxRuntimePreference): Promise<YahpoModel> {
    let session: OnnxSession;
    try {
      session = await OnnxSession.create(withSymbolicBatch(modelBytes), runtime);
    } catch (error) {
      throw new Nb301ImportError(`${what} is not a readable ONNX model (${firstLine(error)}); expected YAHPO's nb301 new_model.onnx`);
    }
    const { inputs, outputs } = session.signature();
    const sig = `inputs ${inputs.map((t) => `${t.name} ${t.type} [${t.shape?.join(', ')}]`).join(', ')}; outputs ${outputs.map((t) => `${t.name} ${t.type} [${t.shape?.join(', ')}]`).join(', ')}`;
    const mismatch = (why: string): never => {
      void session.release();
      throw new Nb301ImportError(`${what} is not YAHPO's NB301 surrogate: ${why} (the model has ${sig}; expected x_cat int32 [1, ${NB301_YAHPO_INPUTS}], x_cont float32 [1, 1] → float32 [1, 2])`);
    };
    if (inputs.length !== 2 || outputs.length !== 1) mismatch(`it has ${inputs.length} inputs and ${outputs.length} outputs`);
    const [cat, cont] = inputs as [(typeof inputs)[0], (typeof inputs)[0]];
    const out = outputs[0]!;
    if (cat.type !== 'int32' || cat.shape?.length !== 2 || cat.shape[1] !== NB301_YAHPO_INPUTS) mismatch(`its first input is not int32 [batch, ${NB301_YAHPO_INPUTS}]`);
    if (cont.type !== 'float32' || cont.shape?.length !== 2 || cont.shape[1] !== 1) mismatch('its second input is not float32 [batch, 1] (the epoch)');
    const width = out.shape?.[1];
    if (out.type !== 'float32' || out.shape?.length !== 2 || typeof width !== 'number' || !OUTPUT_LAYOUTS[width]) mismatch('its output is not float32 [batch, 2] or [batch, 4]');
    return new YahpoModel(session, codes, width as number);
  }

  get outputNames(): string[] {
    return OUTPUT_LAYOUTS[this.outputWidth]!.names;
  }

  /** The ONNX runtime this model runs on. */
  get runtime(): OnnxRuntimeChoice {
    return this.session.runtime;
  }

  /** Raw predictions for genotypes at one epoch, in batches of at most NB301_YAHPO_MAX_BATCH. */
  async predict(genotypes: readonly Nb301Genotype[], epoch: number): Promise<YahpoPrediction[]> {
    const out: YahpoPrediction[] = [];
    for (let start = 0; start < genotypes.length; start += NB301_YAHPO_MAX_BATCH) {
      const chunk = genotypes.slice(start, start + NB301_YAHPO_MAX_BATCH);
      out.push(...(await this.run(this.encode(chunk), new Float32Array(chunk.length).fill(epoch))));
    }
    return out;
  }

  /** The x_cat rows of genotypes, one after the other. */
  encode(genotypes: readonly Nb301Genotype[]): Int32Array {
    const cat = new Int32Array(genotypes.length * NB301_YAHPO_INPUTS);
    genotypes.forEach((g, i) => fillYahpoInputs(g, this.codes, cat, i * NB301_YAHPO_INPUTS));
    return cat;
  }

  /** One session run on already-coded inputs (serialised with every other run). */
  run(cat: Int32Array, epochs: Float32Array): Promise<YahpoPrediction[]> {
    const rows = epochs.length;
    const task = this.queue.then(async () => {
      const feeds = {
        [this.catName]: this.session.int32(cat, [rows, NB301_YAHPO_INPUTS]),
        [this.contName]: this.session.float32(epochs, [rows, 1]),
      };
      const result = await this.session.run(feeds);
      const data = result[this.outName]!.data as Float32Array;
      const layout = OUTPUT_LAYOUTS[this.outputWidth]!;
      const predictions: YahpoPrediction[] = [];
      for (let r = 0; r < rows; r++) {
        predictions.push({ validPercent: data[r * this.outputWidth + layout.valid]!, runtimeSeconds: data[r * this.outputWidth + layout.runtime]! });
      }
      return predictions;
    });
    this.queue = task.catch(() => undefined);
    return task;
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0]!.trim();
}

// ---------------------------------------------------------------------------------------
// Import and storage

export interface Nb301Calibration {
  /** calibrated = slope · predicted + intercept, both accuracies as fractions. */
  slope: number;
  intercept: number;
  /** What it was fitted on, for the record. */
  fittedOn?: string;
  n?: number;
}

export interface Nb301YahpoManifest {
  format: typeof NB301_YAHPO_FORMAT;
  version: number;
  label: string;
  model: string;
  encoding: string;
  sha256: string;
  outputs: string[];
  epochs: { min: number; max: number; default: number };
  source: string;
  importedAt: string;
  smoke: { genotype: string; epoch: number; validPercent: number; runtimeSeconds: number };
  testIsValidation: true;
  calibration: Nb301Calibration | null;
  /** Whether the model is the pinned YAHPO file (absent in manifests from before the pin). */
  modelPinned?: boolean;
}

export interface Nb301YahpoImportSummary {
  dir: string;
  manifest: Nb301YahpoManifest;
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Nb301ImportError(`cannot read ${what} ${path}: ${firstLine(error)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Nb301ImportError(`${what} ${path} is not valid JSON: ${firstLine(error)}`);
  }
}

export interface Nb301YahpoImportOptions {
  /** Accept a model other than the pinned file (yahpo-reference.ts); reference predictions still apply. */
  unpinnedModel?: boolean;
}

/**
 * Checks the model and its encoding (signature, every code in range, the model file's
 * SHA-256 against the pinned YAHPO model, reference predictions) and only then copies both
 * into destDir with a manifest. Nothing is written when a check fails.
 */
export async function importNb301Yahpo(onnxPath: string, encodingPath: string, destDir: string, options: Nb301YahpoImportOptions = {}): Promise<Nb301YahpoImportSummary> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(onnxPath));
  } catch (error) {
    throw new Nb301ImportError(`cannot read the ONNX model ${onnxPath}: ${firstLine(error)}`);
  }
  const codes = parseYahpoEncoding(readJson(encodingPath, 'the YAHPO encoding'), encodingPath);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const pinned = sha256 === YAHPO_NB301_MODEL_SHA256;
  const model = await YahpoModel.open(bytes, codes, onnxPath);
  let smoke: YahpoPrediction;
  let references: YahpoPrediction[];
  try {
    // Every input at its largest code: an embedding table smaller than the encoding fails here.
    const maxRow = Int32Array.from(codes.maxCode);
    try {
      await model.run(maxRow, Float32Array.of(NB301_YAHPO_DEFAULT_EPOCH));
    } catch (error) {
      throw new Nb301ImportError(`${encodingPath} does not fit ${onnxPath}: the largest codes are out of the model's range (${firstLine(error)})`);
    }
    if (!pinned && !options.unpinnedModel) {
      throw new Nb301ImportError(
        `${onnxPath} is not the YAHPO NB301 model archwalk knows: its SHA-256 is ${sha256}, expected ${YAHPO_NB301_MODEL_SHA256} (YAHPO Gym's nb301 new_model.onnx). A damaged copy is refused; for a newer YAHPO model import with --unpinned-model`,
      );
    }
    references = [];
    for (const ref of YAHPO_REFERENCES) references.push(...(await model.predict([ref.genotype], ref.epoch)));
    // The first reference is the smoke query: the example architecture at the default epoch.
    smoke = references[0]!;
  } finally {
    await model.release();
  }
  const mismatch = referenceMismatch(references.map((p) => p.validPercent), pinned);
  if (mismatch !== null) throw new Nb301ImportError(`${onnxPath} does not predict like YAHPO's NB301 surrogate (damaged, or an encoding.json that does not belong to it): ${mismatch}`);
  if (!Number.isFinite(smoke.validPercent) || smoke.validPercent <= 0 || smoke.validPercent > 100 || !Number.isFinite(smoke.runtimeSeconds)) {
    throw new Nb301ImportError(
      `${onnxPath} gives ${smoke.validPercent}% validation accuracy and ${smoke.runtimeSeconds} s for the DARTS example architecture; a working NB301 surrogate gives a percentage in (0, 100]`,
    );
  }
  const manifest: Nb301YahpoManifest = {
    format: NB301_YAHPO_FORMAT,
    version: NB301_YAHPO_VERSION,
    label: NB301_YAHPO_LABEL,
    model: 'model.onnx',
    encoding: 'encoding.json',
    sha256,
    outputs: model.outputNames,
    epochs: { min: NB301_YAHPO_MIN_EPOCH, max: NB301_YAHPO_MAX_EPOCH, default: NB301_YAHPO_DEFAULT_EPOCH },
    source: basename(onnxPath),
    importedAt: new Date().toISOString(),
    smoke: { genotype: nb301Space.hash(NB301_SMOKE_GENOTYPE), epoch: NB301_YAHPO_DEFAULT_EPOCH, validPercent: smoke.validPercent, runtimeSeconds: smoke.runtimeSeconds },
    testIsValidation: true,
    calibration: null,
    modelPinned: pinned,
  };
  mkdirSync(destDir, { recursive: true });
  writeFileAtomic(join(destDir, manifest.model), bytes);
  writeFileAtomic(join(destDir, manifest.encoding), readFileSync(encodingPath));
  writeFileAtomic(join(destDir, NB301_YAHPO_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir: destDir, manifest };
}

export function readNb301YahpoManifest(dir: string): Nb301YahpoManifest {
  const path = join(dir, NB301_YAHPO_MANIFEST);
  if (!existsSync(path)) throw new Error(`${dir} holds no imported YAHPO NB301 surrogate (no ${NB301_YAHPO_MANIFEST}); import it again`);
  const m = readJson(path, 'the benchmark manifest') as Partial<Nb301YahpoManifest>;
  if (m.format !== NB301_YAHPO_FORMAT) throw new Error(`${path} is not an archwalk YAHPO NB301 manifest`);
  if (m.version !== NB301_YAHPO_VERSION) throw new Error(`${path} has version ${m.version}; this archwalk reads version ${NB301_YAHPO_VERSION}`);
  for (const file of [m.model, m.encoding]) {
    if (typeof file !== 'string' || !existsSync(join(dir, file))) throw new Error(`${dir} is damaged: ${file} is missing; import the benchmark again`);
  }
  return m as Nb301YahpoManifest;
}

/** Stores (or with null, removes) a linear calibration that later loads apply. */
export function setNb301YahpoCalibration(dir: string, calibration: Nb301Calibration | null): void {
  const manifest = readNb301YahpoManifest(dir);
  if (calibration && !(Number.isFinite(calibration.slope) && Number.isFinite(calibration.intercept))) throw new Error('a calibration needs a finite slope and intercept');
  manifest.calibration = calibration;
  writeFileAtomic(join(dir, NB301_YAHPO_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}

// ---------------------------------------------------------------------------------------
// The benchmark

export interface Nb301YahpoOptions {
  /** Overrides the manifest's calibration (null: none). */
  calibration?: Nb301Calibration | null;
  /** Cached answers kept before the cache is cleared (default 1,000,000). */
  cacheLimit?: number;
}

interface Pending {
  genotype: Nb301Genotype;
  key: string;
  epoch: number;
  resolve: (p: YahpoPrediction) => void;
  reject: (e: unknown) => void;
}

export class Nb301YahpoBenchmark implements Benchmark<Nb301Genotype> {
  readonly name: string;
  readonly space = nb301Space;
  readonly label = NB301_YAHPO_LABEL;
  /** Metrics.test is the validation accuracy: the surrogate predicts nothing else. */
  readonly testIsValidation = true;
  readonly dir: string;
  readonly manifest: Nb301YahpoManifest;
  calibration: Nb301Calibration | null;
  private readonly cacheLimit: number;
  private model: Promise<YahpoModel> | null = null;
  private readonly cache = new Map<string, YahpoPrediction>();
  private pending: Pending[] = [];
  private flushScheduled = false;
  /** Session runs and genotypes predicted, for benchmarks and logs. */
  readonly stats = { runs: 0, predicted: 0, cacheHits: 0 };

  constructor(name: string, dir: string, options: Nb301YahpoOptions = {}) {
    this.name = name;
    this.dir = dir;
    this.manifest = readNb301YahpoManifest(dir);
    this.calibration = options.calibration !== undefined ? options.calibration : this.manifest.calibration;
    this.cacheLimit = options.cacheLimit ?? 1_000_000;
  }

  /** Opens the ONNX session (the first query does this by itself). */
  ready(): Promise<YahpoModel> {
    this.model ??= (async () => {
      const codes = parseYahpoEncoding(readJson(join(this.dir, this.manifest.encoding), 'the YAHPO encoding'), join(this.dir, this.manifest.encoding));
      const path = join(this.dir, this.manifest.model);
      const bytes = new Uint8Array(readFileSync(path));
      // The import checked this file; a copy damaged since then is not run.
      if (createHash('sha256').update(bytes).digest('hex') !== this.manifest.sha256) {
        throw new Error(`${path} is damaged: its SHA-256 is not the one recorded when ${this.name} was imported; import the benchmark again`);
      }
      return YahpoModel.open(bytes, codes, path);
    })();
    return this.model;
  }

  epochOf(options?: Pick<QueryOptions, 'fidelity'>): number {
    const epoch = options?.fidelity ?? this.manifest.epochs.default;
    if (!Number.isInteger(epoch) || epoch < this.manifest.epochs.min || epoch > this.manifest.epochs.max) {
      throw new RangeError(`${this.name}: fidelity (epoch) must be an integer from ${this.manifest.epochs.min} to ${this.manifest.epochs.max}, got ${epoch}`);
    }
    return epoch;
  }

  /** Raw model output (percent, seconds), cached; same-tick calls share one batch. */
  predict(arch: Nb301Genotype, epoch: number): Promise<YahpoPrediction> {
    const key = `${hashGenotype(arch)}@${epoch}`;
    const hit = this.cache.get(key);
    if (hit) {
      this.stats.cacheHits++;
      return Promise.resolve(hit);
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ genotype: arch, key, epoch, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    try {
      const model = await this.ready();
      for (let start = 0; start < batch.length; start += NB301_YAHPO_MAX_BATCH) {
        const chunk = batch.slice(start, start + NB301_YAHPO_MAX_BATCH);
        const predictions = await model.run(
          model.encode(chunk.map((p) => p.genotype)),
          Float32Array.from(chunk, (p) => p.epoch),
        );
        this.stats.runs++;
        this.stats.predicted += chunk.length;
        if (this.cache.size + chunk.length > this.cacheLimit) this.cache.clear();
        chunk.forEach((p, i) => {
          this.cache.set(p.key, predictions[i]!);
          p.resolve(predictions[i]!);
        });
      }
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }

  private metrics(p: YahpoPrediction): Metrics {
    let valid = p.validPercent / 100;
    if (this.calibration) valid = this.calibration.slope * valid + this.calibration.intercept;
    if (!Number.isFinite(valid)) throw new Error(`${this.name} predicted a non-finite accuracy`);
    return { valid, test: valid, trainSeconds: p.runtimeSeconds, cost: Math.max(0, p.runtimeSeconds) };
  }

  async query(arch: Nb301Genotype, options?: QueryOptions): Promise<Metrics> {
    return this.metrics(await this.predict(arch, this.epochOf(options)));
  }

  /** Many genotypes at once (one or a few session runs). */
  async queryBatch(archs: readonly Nb301Genotype[], options?: Pick<QueryOptions, 'fidelity'>): Promise<Metrics[]> {
    const epoch = this.epochOf(options);
    const predictions = await Promise.all(archs.map((a) => this.predict(a, epoch)));
    return predictions.map((p) => this.metrics(p));
  }

  async close(): Promise<void> {
    if (this.model) await (await this.model).release();
    this.model = null;
  }
}

/** Opens an imported surrogate; the ONNX session itself opens on the first query. */
export function loadNb301Yahpo(dir: string, name: string, options?: Nb301YahpoOptions): Nb301YahpoBenchmark {
  return new Nb301YahpoBenchmark(name, dir, options);
}
