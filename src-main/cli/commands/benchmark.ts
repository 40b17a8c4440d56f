import { parseArgs } from 'node:util';
import { loadBenchmark } from '../../nas/benchmarks/load.ts';
import { openLiveResultCache } from '../../services/live-result-store.ts';
import { Nb101TableBenchmark } from '../../nas/benchmarks/nb101/table-benchmark.ts';
import type { Benchmark, QueryOptions } from '../../nas/benchmarks/types.ts';
import { Rng } from '../../nas/rng.ts';
import { benchmarkHandle, importBenchmark, type BenchmarkImportProgress, type ImportRequest } from '../../services/benchmark-registry.ts';
import { UserError } from '../../services/user-error.ts';
import { removeBenchmark } from '../../services/benchmark-removal.ts';
import { ACCURACY_SCALES, type AccuracyScale } from '#shared/benchmark-kinds.ts';
import { toBenchmarkInfo } from '../../services/store.ts';
import { absentNb201Columns, openNb201Table, type Nb201Column } from '../../nas/benchmarks/nb201/table-file.ts';
import type { BenchmarkInfo } from '#shared/api.ts';
import { openServices, print, UsageError } from '../context.ts';
import { formatSize, percent, table } from '../format.ts';
import { agreementCommand } from './agreement.ts';
import { landscapeCommand, landscapeParams, LANDSCAPE_USAGE } from './landscape.ts';
import { ProgressBar } from '../progress.ts';

export const BENCHMARK_USAGE = `archwalk benchmark import nb201 FILE.csv --name NAME [--scale percent|fraction]
                                       [--dataset D] [--epochs N]
                                                  import a NAS-Bench-201 table (accuracies in percent,
                                                  or --scale fraction for 0–1 values); a multi-dataset
                                                  file needs --dataset cifar10|cifar100|ImageNet16-120
                                                  (one benchmark per dataset); --epochs records how long
                                                  its cells were trained
archwalk benchmark import nb101 FILE.tfrecord [--name NAME]
                                                  import the official NAS-Bench-101 file (name: nb101)
archwalk benchmark import nb301-yahpo FILE.onnx --name NAME [--unpinned-model]
                                                  YAHPO's NB301 surrogate (encoding.json beside the model;
                                                  --unpinned-model: a YAHPO model other than new_model.onnx)
archwalk benchmark import nb301-xgb DIR --name NAME
                                                  the official NB301 v1.0 XGBoost ensemble exported by
                                                  resources/nb301/export_xgb.py (checked against its goldens)
archwalk benchmark agreement NAME FILE.json… [--calibrate]
                                                  Spearman of an nb301-yahpo benchmark against official
                                                  NB301 values (NASLib zc files); store a linear calibration
archwalk benchmark list [--json]                  registered benchmarks
archwalk benchmark remove NAME                    unregister a benchmark and delete its data (refused while
                                                  queued or running runs use it; finished runs keep results)
archwalk benchmark query NAME ARCH [--json] [--repeat sample|mean] [--epochs N] [--seed N]
                                                  metrics of one architecture: an NB201 arch string, or an
                                                  NB101 cell '{"matrix":[[...]],"ops":[...]}' (one training
                                                  repeat drawn with --seed, or their mean; at N epochs)
archwalk benchmark landscape NAME [--alphas 1,10,50] [--seed N] [--json]
                                                  accuracy and shaped-reward distributions, random-walk
                                                  autocorrelation, neighbourhood sizes (stored; the
                                                  app's Benchmarks → landscape shows the same)`;

/** Smaller sources import in well under a second: no progress lines for them. */
const PROGRESS_FROM_BYTES = 8 << 20;

/** Names an import gets when --name is left out (kinds whose data has one obvious name). */
const DEFAULT_NAMES: Record<string, string> = { nb101: 'nb101' };

export async function benchmarkCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      json: { type: 'boolean', default: false },
      repeat: { type: 'string' },
      epochs: { type: 'string' },
      seed: { type: 'string' },
      calibrate: { type: 'boolean', default: false },
      scale: { type: 'string' },
      dataset: { type: 'string' },
      'unpinned-model': { type: 'boolean' },
      alphas: { type: 'string' },
    },
  });
  const services = await openServices();
  try {
    switch (sub) {
      case 'import': {
        const [kind, file] = positionals;
        const name = values.name ?? (kind ? DEFAULT_NAMES[kind] : undefined);
        if (!kind || !file || !name) throw new UsageError(`usage: archwalk benchmark import KIND FILE --name NAME (the name may be left out for nb101)`);
        const started = Date.now();
        const bar = new ProgressBar();
        let reported = false;
        const onProgress = (p: BenchmarkImportProgress): void => {
          if (p.totalBytes < PROGRESS_FROM_BYTES) return;
          reported = true;
          bar.update(p.bytesRead, p.totalBytes, `${mb(p.bytesRead)} / ${mb(p.totalBytes)} MB read, ${p.records.toLocaleString('en-US')} rows, ${p.models.toLocaleString('en-US')} cells`);
        };
        let row;
        try {
          row = await importBenchmark(services.store, services.home, { kind, path: file, name, ...importOptions(values) }, { onProgress });
        } finally {
          if (reported) bar.end();
        }
        const info = toBenchmarkInfo(row);
        if (values.json) print(JSON.stringify(info));
        else print(`imported ${info.name}: ${formatSize(info.size)} architectures (${info.kind}${trainedOn(info)}), best validation ${percent(info.bestValid)} % → test ${percent(info.bestTest)} %, sha256 ${info.sourceSha256.slice(0, 12)}…, in ${((Date.now() - started) / 1000).toFixed(1)} s${info.kind === 'nb201' ? nb201AbsentNote(row.data_path) : ''}`);
        return 0;
      }
      case 'list': {
        const list = await services.api.listBenchmarks();
        if (values.json) print(JSON.stringify(list, null, 2));
        else if (list.length === 0) print('no benchmarks registered; import one with: archwalk benchmark import nb201 FILE.csv --name NAME');
        else print(table(['name', 'kind', 'dataset', 'epochs', 'size', 'best valid %', 'its test %', 'source sha256'], list.map((b) => [b.name, b.kind, b.dataset ?? '—', b.epochs === undefined ? '—' : String(b.epochs), b.trained === undefined ? formatSize(b.size) : `${formatSize(b.size)} (${formatSize(b.trained)} trained)`, percent(b.bestValid), percent(b.bestTest), b.sourceSha256.slice(0, 16)])));
        return 0;
      }
      case 'remove': {
        const [name, extra] = positionals;
        if (!name || extra !== undefined) throw new UsageError('usage: archwalk benchmark remove NAME');
        const removed = removeBenchmark(services.store, services.home, name);
        print(`removed ${name}` + (removed.dataRemoved ? '' : ` (its data at ${removed.row.data_path} was left in place)`));
        return 0;
      }
      case 'agreement': {
        const [name, ...files] = positionals;
        if (!name) throw new UsageError('usage: archwalk benchmark agreement NAME FILE.json [FILE.json …] [--calibrate] [--json]');
        return await agreementCommand(services, name, files, values.calibrate ?? false, values.json ?? false);
      }
      case 'query': {
        const [name, archText] = positionals;
        if (!name || !archText) throw new UsageError('usage: archwalk benchmark query NAME ARCH [--repeat sample|mean] [--epochs N] [--seed N] [--json]');
        const row = services.store.getBenchmark(name);
        if (!row) throw new UserError(`benchmark "${name}" is not registered`);
        const benchmark = loadBenchmark(benchmarkHandle(row, services.store.path), { openLiveResultCache });
        const options = queryOptions(benchmark, values);
        let raw: unknown = archText;
        if (/^\s*[[{]/.test(archText)) {
          try {
            raw = JSON.parse(archText);
          } catch (error) {
            throw new UserError(`ARCH is not valid JSON (${(error as Error).message}); NB101 cells look like '{"matrix":[[0,1],[0,0]],"ops":["input","output"]}'`);
          }
        }
        let result;
        try {
          const arch = benchmark.space.validate(raw);
          const metrics = await benchmark.query(arch, options);
          result = { benchmark: name, hash: benchmark.space.hash(arch), ...fidelityOf(benchmark, options), ...metrics };
        } catch (error) {
          throw new UserError((error as Error).message);
        }
        if (values.json) print(JSON.stringify(result));
        else {
          const { valid, test, train, trainSeconds } = result;
          const at = 'epochs' in result ? ` (${result.epochs} epochs, ${result.repeat === 'mean' ? 'mean of the repeats' : 'one repeat'})` : '';
          print(`${result.hash}${at}\n  validation ${percent(valid)} %  test ${percent(test)} %${train !== undefined ? `  train ${percent(train)} %` : ''}${trainSeconds !== undefined ? `  training ${trainSeconds.toFixed(0)} s` : ''}`);
        }
        return 0;
      }
      case 'landscape': {
        const [name, extra] = positionals;
        if (!name || extra !== undefined) throw new UsageError(LANDSCAPE_USAGE);
        return await landscapeCommand(services, name, landscapeParams(name, values), values.json ?? false);
      }
      default:
        throw new UsageError(BENCHMARK_USAGE);
    }
  } finally {
    await services.close();
  }
}

/** ", cifar100, 12 epochs" for the import line; says so where the source did not. */
function trainedOn(info: BenchmarkInfo): string {
  if (info.kind !== 'nb201') return '';
  return `, ${info.dataset ?? 'dataset not stated'}, ${info.epochs === undefined ? 'epochs not stated (--epochs N)' : `${info.epochs} epochs`}`;
}

/** The metrics an NB201 file lacked: its queries return what exists. */
function nb201AbsentNote(dataPath: string): string {
  const absent = absentNb201Columns(openNb201Table(dataPath));
  const names: Record<Nb201Column, string> = { valid: 'validation accuracy', test: 'test accuracy', train: 'train accuracy', trainSeconds: 'training time' };
  return absent.length === 0 ? '' : `\n  the file has no ${absent.map((c) => names[c]).join(' and no ')}: queries return what it has`;
}

/** The import options given on the command line; the registry refuses those the kind does not take. */
function importOptions(values: { scale?: string | undefined; 'unpinned-model'?: boolean | undefined; dataset?: string | undefined; epochs?: string | undefined }): Pick<ImportRequest, 'scale' | 'unpinnedModel' | 'dataset' | 'epochs'> {
  const options: Pick<ImportRequest, 'scale' | 'unpinnedModel' | 'dataset' | 'epochs'> = {};
  if (values.dataset !== undefined) options.dataset = values.dataset;
  if (values.epochs !== undefined) {
    if (!/^\d+$/.test(values.epochs)) throw new UsageError(`--epochs must be a whole number of training epochs, got ${JSON.stringify(values.epochs)}`);
    options.epochs = Number(values.epochs);
  }
  if (values.scale !== undefined) {
    if (!(ACCURACY_SCALES as readonly string[]).includes(values.scale)) throw new UsageError(`--scale must be ${ACCURACY_SCALES.join(' or ')}, got ${JSON.stringify(values.scale)}`);
    options.scale = values.scale as AccuracyScale;
  }
  if (values['unpinned-model'] !== undefined) options.unpinnedModel = values['unpinned-model'];
  return options;
}

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

function queryOptions(benchmark: Benchmark<unknown>, values: { repeat?: string | undefined; epochs?: string | undefined; seed?: string | undefined }): QueryOptions {
  const seed = values.seed === undefined ? 0 : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed must be a non-negative integer, got ${values.seed}`);
  const options: QueryOptions = { rng: new Rng(seed) };
  if (!(benchmark instanceof Nb101TableBenchmark)) {
    if (values.repeat !== undefined || values.epochs !== undefined) {
      throw new UsageError(`benchmark ${benchmark.name} holds one result per architecture; --repeat and --epochs apply to NAS-Bench-101 tables`);
    }
    return options;
  }
  if (values.repeat !== undefined) {
    if (values.repeat !== 'sample' && values.repeat !== 'mean') throw new UsageError(`--repeat must be "sample" or "mean", got "${values.repeat}"`);
    options.repeat = values.repeat;
  }
  if (values.epochs !== undefined) {
    const epochs = Number(values.epochs);
    if (!benchmark.epochs.includes(epochs)) {
      throw new UsageError(`--epochs ${values.epochs} is not imported in ${benchmark.name}; its epoch budgets: ${benchmark.epochs.join(', ')}`);
    }
    options.fidelity = epochs;
  }
  return options;
}

function fidelityOf(benchmark: Benchmark<unknown>, options: QueryOptions): { epochs: number; repeat: 'sample' | 'mean' } | Record<string, never> {
  if (!(benchmark instanceof Nb101TableBenchmark)) return {};
  return { epochs: options.fidelity ?? benchmark.defaultEpochs, repeat: options.repeat ?? 'sample' };
}
