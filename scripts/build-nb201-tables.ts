/**
 * Builds the NAS-Bench-201 tables that ship with archwalk (resources/nb201-*) from the public
 * CSVs in ../shared/benchmark-data/nb201 (see its SOURCES.md):
 *
 *   node scripts/build-nb201-tables.ts [--data DIR] [--out DIR]
 *
 * Each source must have the SHA-256 recorded in src-main/nas/benchmarks/nb201/shipped.ts.
 * Each folder gets the table, the source's licence text and provenance.json (source
 * repository, commit, the CSV's SHA-256, dataset, epochs, splits, the table's SHA-256).
 * Every written table is read back and compared with the CSV, value by value, before the
 * script reports success. The build is deterministic: the same CSVs give the same bytes.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SHIPPED_NB201, shippedNb201File, type ShippedNb201 } from '../src-main/nas/benchmarks/nb201/shipped.ts';
import { parseNb201Source } from '../src-main/nas/benchmarks/nb201/source.ts';
import { readNb201TableFile, writeNb201TableFile } from '../src-main/nas/benchmarks/nb201/table-file.ts';
import { Nb201TableBenchmark, type Nb201Table } from '../src-main/nas/benchmarks/nb201/table.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { data: { type: 'string' }, out: { type: 'string' } } });
const dataDir = resolve(values.data ?? join(root, '..', 'shared', 'benchmark-data', 'nb201'));
const outDir = resolve(values.out ?? join(root, 'resources'));

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Same doubles, NaN where NaN, in every column. */
function sameTable(a: Nb201Table, b: Nb201Table): boolean {
  return (['valid', 'test', 'train', 'trainSeconds'] as const).every((c) => a[c].every((v, i) => Object.is(v, b[c][i])));
}

function build(spec: ShippedNb201): void {
  const sourcePath = join(dataDir, spec.source.file);
  const bytes = readFileSync(sourcePath);
  const actual = sha256(bytes);
  if (actual !== spec.source.sha256) throw new Error(`${sourcePath} has SHA-256 ${actual}, not the recorded ${spec.source.sha256}; refusing to build ${spec.name} from other bytes`);
  const table = parseNb201Source(bytes.toString('utf8'), { dataset: spec.dataset, epochs: spec.epochs });
  const folder = join(outDir, spec.name);
  mkdirSync(folder, { recursive: true });
  const tablePath = join(outDir, shippedNb201File(spec.name));
  writeNb201TableFile(table, tablePath);
  if (!sameTable(readNb201TableFile(tablePath), table)) throw new Error(`${tablePath} does not read back as the CSV's values`);
  writeFileSync(join(folder, 'LICENSE'), readFileSync(join(dataDir, spec.source.licence.file)));
  const tableBytes = readFileSync(tablePath);
  const best = new Nb201TableBenchmark(spec.name, table).best();
  const provenance = {
    name: spec.name,
    dataset: spec.dataset,
    epochs: spec.epochs,
    splits: spec.splits,
    cells: table.valid.length,
    columns: (['valid', 'test', 'train', 'trainSeconds'] as const).filter((c) => table[c].some((v) => !Number.isNaN(v))),
    best: { arch: best.hash, valid: best.valid, test: best.test },
    source: { ...spec.source, licence: { ...spec.source.licence, file: 'LICENSE' } },
    table: { file: 'table.nb201', bytes: tableBytes.length, sha256: sha256(tableBytes) },
    build: 'node scripts/build-nb201-tables.ts',
  };
  writeFileSync(join(folder, 'provenance.json'), JSON.stringify(provenance, null, 2) + '\n');
  writeFileSync(join(folder, 'README.md'), folderReadme(spec, provenance.columns, best));
  process.stdout.write(`${spec.name}: ${tableBytes.length.toLocaleString('en-US')} bytes, ${spec.dataset}, ${spec.epochs} epochs, best validation ${(best.valid * 100).toFixed(2)} % (${best.hash})\n`);
}

/** What the folder holds, for a reader who finds it without the rest of archwalk. */
function folderReadme(spec: ShippedNb201, columns: readonly string[], best: { hash: string; valid: number; test: number }): string {
  const pct = (v: number): string => `${(v * 100).toFixed(2)} %`;
  const names: Record<string, string> = { valid: 'validation accuracy', test: 'test accuracy', train: 'train accuracy', trainSeconds: 'training time' };
  return `# ${spec.name} — NAS-Bench-201 on ${spec.dataset}, ${spec.epochs} epochs

Every one of the 15,625 NAS-Bench-201 cells with its ${columns.map((c) => names[c]).join(', ')}, exactly as
the public CSV records them. archwalk registers it in every new \`ARCHWALK_HOME\`.

- Splits: ${spec.splits}.
- Source: ${spec.source.repository} at commit ${spec.source.commit}, \`${spec.source.path}\` — ${spec.source.derivation};
  the CSV \`${spec.source.file}\` has SHA-256 \`${spec.source.sha256}\`.
- Licence: MIT, ${spec.source.licence.copyright} (\`LICENSE\`).
- Best validation accuracy: ${pct(best.valid)} (test ${pct(best.test)}), cell \`${best.hash}\`.
- \`table.nb201\`: archwalk's compact NB201 table (float64 values exactly as the CSV's decimals
  parse, byte-shuffled and deflated, with a SHA-256 of its contents checked on load); \`provenance.json\`
  repeats the above with the table's own SHA-256.

Rebuild: \`node scripts/build-nb201-tables.ts\` (reads \`../shared/benchmark-data/nb201/\`, refuses
a source with another SHA-256, checks every written value; the same CSV gives the same bytes).
`;
}

for (const spec of SHIPPED_NB201) build(spec);
