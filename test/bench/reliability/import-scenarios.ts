/**
 * Issue 14's import scenarios through a checkout's `archwalk benchmark import`: two parallel
 * imports of one name, and each wrong table (made from the real files in ../shared/benchmark-data
 * by test/helpers/wrong-data.ts).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { NB201_CSV } from '../../helpers/data.ts';
import {
  editedNb201Csv,
  flippedYahpoModel,
  NB101_REAL30,
  NB201_ACCURACY_COLUMNS,
  writeRewrittenNb101,
  YAHPO_ENCODING,
  YAHPO_ONNX,
} from '../../helpers/wrong-data.ts';
import { oneLine, type Lab } from './lab.ts';
import { exitWithin, STACK_FRAME, type Scenario, type TryResult } from './scenario.ts';

/** The best CIFAR-10 cell of NB201, a query every NB201 table answers. */
const NB201_ARCH = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|';

function missing(...paths: string[]): TryResult | null {
  const absent = paths.filter((path) => !existsSync(path));
  return absent.length ? { outcome: 'not-driven', observed: `data not found: ${absent.join(', ')}` } : null;
}

export const parallelImports: Scenario = {
  name: 'two parallel same-name imports',
  defect: 'a registered benchmark without (usable) data, or a raw UNIQUE stack',
  setup: 'two `benchmark import nb201 cifar10_avg.csv --name twin` started together on one home; then `benchmark query twin ARCH`',
  async run(lab: Lab): Promise<TryResult> {
    const absent = missing(NB201_CSV);
    if (absent) return absent;
    lab.init();
    const importers = [0, 1].map(() => lab.start(['benchmark', 'import', 'nb201', NB201_CSV, '--name', 'twin']));
    const exits = await Promise.all(importers.map((p) => exitWithin(p.exited, 120_000)));
    const codes = exits.map((exit) => (exit ? String(exit.code ?? exit.signal) : 'running'));
    const stderr = importers.map((p) => p.stderr());
    const raw = [
      stderr.some((text) => /UNIQUE constraint/.test(text)) && 'a raw "UNIQUE constraint failed" error',
      stderr.some((text) => STACK_FRAME.test(text)) && 'a stack trace',
    ].filter(Boolean);
    const registered = lab.benchmark('twin');
    const dataPath = registered && (isAbsolute(registered.dataPath) ? registered.dataPath : join(lab.home, registered.dataPath));
    const query = registered ? lab.cli(['benchmark', 'query', 'twin', NB201_ARCH]) : null;
    const state = !registered
      ? 'nothing registered'
      : !existsSync(dataPath!)
        ? 'registered without its data file'
        : query!.code !== 0
          ? 'registered, but a query fails'
          : 'registered with its data (a query answers)';
    const loser = importers.findIndex((_, i) => exits[i]?.code !== 0);
    const loserSays = loser >= 0 ? `; the other: "${oneLine(stderr[loser]!, 100)}"` : '; both exited 0';
    return {
      outcome: raw.length > 0 || state !== 'registered with its data (a query answers)' ? 'defect' : 'held',
      observed: [state, ...raw].join('; '),
      detail: `exits ${codes.join(' and ')}${loserSays}`,
    };
  },
};

interface WrongTable {
  name: string;
  kind: string;
  /** Writes the wrong file into `dir`; returns its path. */
  write(dir: string): string;
  extraArgs?: string[];
  needs: string[];
  how: string;
}

function wrongTable(table: WrongTable): Scenario {
  return {
    name: `wrong table: ${table.name}`,
    defect: 'accepted (imported without complaint)',
    setup: `\`benchmark import ${table.kind} FILE --name wrong${table.extraArgs ? ` ${table.extraArgs.join(' ')}` : ''}\`, FILE: ${table.how}`,
    async run(lab: Lab): Promise<TryResult> {
      const absent = missing(...table.needs);
      if (absent) return absent;
      lab.init();
      const file = table.write(lab.home);
      const imported = lab.cli(['benchmark', 'import', table.kind, file, '--name', 'wrong', ...(table.extraArgs ?? [])]);
      const unknown = /Unknown option '([^']+)'/.exec(imported.stderr);
      if (unknown) return { outcome: 'not-driven', observed: `this checkout's import has no ${unknown[1]} option` };
      const registered = lab.benchmark('wrong');
      if (imported.code === 0 || registered) {
        const best = lab.read((db) => db.prepare("SELECT best_valid FROM benchmarks WHERE name = 'wrong'").get() as { best_valid: number | null } | undefined);
        const bestText = best?.best_valid !== undefined && best.best_valid !== null ? `; best validation accuracy shown as ${(best.best_valid * 100).toFixed(2)} %` : '';
        return { outcome: 'defect', observed: `accepted (exit ${imported.code})${bestText}` };
      }
      return {
        outcome: 'held',
        observed: `refused (exit ${imported.code}), nothing registered`,
        detail: oneLine(imported.stderr.replace(/^archwalk: cannot import \S+: /, ''), 170),
      };
    },
  };
}

function nb201(name: string, how: string, edit: (column: string, field: string, row: number) => string): WrongTable {
  return {
    name,
    kind: 'nb201',
    needs: [NB201_CSV],
    how,
    write(dir) {
      const path = join(dir, 'wrong.csv');
      writeFileSync(path, editedNb201Csv(edit));
      return path;
    },
  };
}

function nb101(name: string, how: string, edit: (rows: unknown[][]) => unknown[][]): WrongTable {
  return { name, kind: 'nb101', needs: [NB101_REAL30], how, write: (dir) => writeRewrittenNb101(join(dir, 'wrong.tfrecord'), edit) };
}

function damagedYahpo(extraArgs: string[]): WrongTable {
  return {
    name: `damaged YAHPO model${extraArgs.length ? ` (${extraArgs.join(' ')})` : ''}`,
    kind: 'nb301-yahpo',
    needs: [YAHPO_ONNX, YAHPO_ENCODING],
    how: 'new_model.onnx with 50 weight bytes inverted (seed 2), encoding.json beside it',
    extraArgs,
    write(dir) {
      const folder = join(dir, 'yahpo');
      mkdirSync(folder);
      writeFileSync(join(folder, 'encoding.json'), readFileSync(YAHPO_ENCODING));
      writeFileSync(join(folder, 'new_model.onnx'), flippedYahpoModel(2));
      return join(folder, 'new_model.onnx');
    },
  };
}

export const WRONG_TABLES: readonly Scenario[] = [
  nb201('non-decimal number', 'cifar10_avg.csv with valid-accuracy "0x10" on line 11', (column, field, row) => (row === 10 && column === 'valid-accuracy' ? '0x10' : field)),
  // The earlier of two equal names: a parser that looks names up by their first column reads training accuracy as validation accuracy.
  nb201('duplicate header', 'cifar10_avg.csv with its train-accuracy column (before valid-accuracy) also named valid-accuracy', (column, field, row) =>
    row === 0 && column === 'train-accuracy' ? 'valid-accuracy' : field,
  ),
  nb201('fractions without --scale', 'cifar10_avg.csv with every accuracy divided by 100', (column, field, row) => (row > 0 && NB201_ACCURACY_COLUMNS.has(column) ? String(Number(field) / 100) : field)),
  nb101('NB101 with 6 repeats per model', 'nb101_real30.tfrecord with every record twice', (rows) => [...rows, ...rows]),
  nb101('NB101 with a repeat missing', 'nb101_real30.tfrecord without its 41st record', (rows) => rows.filter((_, i) => i !== 40)),
  damagedYahpo([]),
  damagedYahpo(['--unpinned-model']),
].map(wrongTable);

export const IMPORT_SCENARIOS: readonly Scenario[] = [parallelImports, ...WRONG_TABLES];
