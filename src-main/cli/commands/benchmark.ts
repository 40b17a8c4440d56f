import { parseArgs } from 'node:util';
import { loadBenchmark } from '../../nas/benchmarks/load.ts';
import { Rng } from '../../nas/rng.ts';
import { benchmarkHandle, UserError } from '../../services/benchmark-registry.ts';
import { openServices, print, UsageError } from '../context.ts';
import { percent, table } from '../format.ts';

export const BENCHMARK_USAGE = `archwalk benchmark import KIND FILE --name NAME   import a benchmark table (KIND: nb201)
archwalk benchmark list [--json]                  registered benchmarks
archwalk benchmark query NAME ARCH [--json]       metrics of one architecture (NB201: arch string)`;

export async function benchmarkCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { name: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const services = await openServices();
  try {
    switch (sub) {
      case 'import': {
        const [kind, file] = positionals;
        if (!kind || !file || !values.name) throw new UsageError(`usage: archwalk benchmark import KIND FILE --name NAME`);
        const started = Date.now();
        const info = await services.api.importBenchmark({ kind, path: file, name: values.name });
        if (values.json) print(JSON.stringify(info));
        else print(`imported ${info.name}: ${info.size} architectures (${info.kind}), best validation ${percent(info.bestValid)} % → test ${percent(info.bestTest)} %, sha256 ${info.sourceSha256.slice(0, 12)}…, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        return 0;
      }
      case 'list': {
        const list = await services.api.listBenchmarks();
        if (values.json) print(JSON.stringify(list, null, 2));
        else if (list.length === 0) print('no benchmarks registered; import one with: archwalk benchmark import nb201 FILE.csv --name NAME');
        else print(table(['name', 'kind', 'size', 'best valid %', 'its test %', 'source sha256'], list.map((b) => [b.name, b.kind, String(b.size), percent(b.bestValid), percent(b.bestTest), b.sourceSha256.slice(0, 16)])));
        return 0;
      }
      case 'query': {
        const [name, archText] = positionals;
        if (!name || !archText) throw new UsageError('usage: archwalk benchmark query NAME ARCH');
        const row = services.store.getBenchmark(name);
        if (!row) throw new UserError(`benchmark "${name}" is not registered`);
        const benchmark = loadBenchmark(benchmarkHandle(row));
        let raw: unknown = archText;
        if (/^\s*[[{]/.test(archText)) raw = JSON.parse(archText);
        const arch = benchmark.space.validate(raw);
        const metrics = await benchmark.query(arch, { rng: new Rng(0) });
        const result = { benchmark: name, hash: benchmark.space.hash(arch), ...metrics };
        if (values.json) print(JSON.stringify(result));
        else print(`${result.hash}\n  validation ${percent(metrics.valid)} %  test ${percent(metrics.test)} %${metrics.train !== undefined ? `  train ${percent(metrics.train)} %` : ''}${metrics.trainSeconds !== undefined ? `  training ${metrics.trainSeconds.toFixed(0)} s` : ''}`);
        return 0;
      }
      default:
        throw new UsageError(BENCHMARK_USAGE);
    }
  } finally {
    await services.close();
  }
}
