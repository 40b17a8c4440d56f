/**
 * `archwalk nb101 …`: the NAS-Bench-101 cell space from the command line — the whole
 * space's official counts, and official hashes and neighbourhoods of cells read as JSON
 * lines. Needs no imported data.
 *
 * Line tools keep going past bad lines: each bad line gets a JSON error line on stdout
 * (with its 1-based line number) and a message on stderr, and the exit status is 1 when
 * any line was bad. A well-formed cell that is outside the space (input and output
 * disconnected, more than 9 edges after pruning) is an answer for `hash`
 * ({"valid": false, "error": …}) but an error for `neighbours`, which has none to list.
 */
import { parseArgs } from 'node:util';
import { enumerateNb101 } from '../../nas/spaces/nb101/enumerate.ts';
import { cellToGraph, checkCellShape, graphToCell, type Nb101Cell } from '../../nas/spaces/nb101/matrix.ts';
import { NB101_MAX_VERTICES } from '../../nas/spaces/nb101/ops.ts';
import { prune, prunedProblem } from '../../nas/spaces/nb101/prune.ts';
import { nb101Space } from '../../nas/spaces/nb101/space.ts';
import type { NeighbourRules } from '../../nas/spaces/types.ts';
import { print, UsageError } from '../context.ts';
import { eachJsonLine, LineError } from '../json-lines.ts';
import { table } from '../format.ts';

export const NB101_USAGE = `archwalk nb101 enumerate [--json] [--max-vertices K]
                                                  every NAS-Bench-101 cell once: official counts, timing
archwalk nb101 hash < CELLS.jsonl                 official hash and pruned cell of each JSON line
                                                  {"matrix": [[...]], "ops": [...]}
archwalk nb101 neighbours [--rules paper|naslib] < CELLS.jsonl
                                                  each cell's neighbours (paper: the MDP's actions,
                                                  naslib: NASLib's local-search neighbourhood)`;

const RULES = ['paper', 'naslib'] as const;

export async function nb101Command(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      'max-vertices': { type: 'string' },
      rules: { type: 'string' },
    },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"\n${NB101_USAGE}`);
  switch (sub) {
    case 'enumerate':
      return enumerate(values.json, values['max-vertices']);
    case 'hash':
      if (values.rules !== undefined) throw new UsageError('--rules applies to "archwalk nb101 neighbours"');
      return eachLine('hash', hashLine);
    case 'neighbours':
    case 'neighbors': {
      const rules = values.rules ?? 'paper';
      if (!(RULES as readonly string[]).includes(rules)) throw new UsageError(`--rules must be one of ${RULES.join(', ')}, got "${rules}"`);
      return eachLine('neighbours', (cell) => neighboursLine(cell, rules as NeighbourRules));
    }
    default:
      throw new UsageError(NB101_USAGE);
  }
}

function enumerate(json: boolean | undefined, maxText: string | undefined): number {
  const maxVertices = maxText === undefined ? NB101_MAX_VERTICES : Number(maxText);
  if (!Number.isInteger(maxVertices) || maxVertices < 2 || maxVertices > NB101_MAX_VERTICES) {
    throw new UsageError(`--max-vertices must be an integer from 2 to ${NB101_MAX_VERTICES}, got ${maxText}`);
  }
  const started = performance.now();
  const result = enumerateNb101({ maxVertices });
  const seconds = Number(((performance.now() - started) / 1000).toFixed(3));
  if (json) {
    print(JSON.stringify({ total: result.total, byVertices: result.byVertices, seconds }));
  } else {
    const rows = Object.entries(result.byVertices).map(([v, count]) => [v, count.toLocaleString('en-US')]);
    print(table(['vertices', 'unique cells'], [...rows, ['total', result.total.toLocaleString('en-US')]]));
    print(`(${result.labelledGraphs.toLocaleString('en-US')} labelled graphs visited in ${seconds.toFixed(2)} s)`);
  }
  return 0;
}

function hashLine(cell: Nb101Cell): object {
  const p = prune(cellToGraph(cell));
  const problem = prunedProblem(p);
  if (problem !== null || p === null) return { valid: false, error: `the cell is outside the NAS-Bench-101 space: ${problem}` };
  const pruned = graphToCell(p);
  return { valid: true, hash: nb101Space.memo.hash(p), matrix: pruned.matrix, ops: pruned.ops };
}

function neighboursLine(cell: Nb101Cell, rules: NeighbourRules): object {
  const problem = prunedProblem(prune(cellToGraph(cell)));
  if (problem !== null) throw new LineError(`the cell is outside the NAS-Bench-101 space (${problem}), so it has no neighbours`);
  const neighbours = nb101Space.neighbours(cell, rules).map(({ arch, edit }) => ({ hash: nb101Space.hash(arch), matrix: arch.matrix, ops: arch.ops, edit }));
  return { hash: nb101Space.hash(cell), neighbours };
}

/** A JSON line holding a cell of the right shape, or a LineError saying what is wrong. */
function parseCellLine(line: string): Nb101Cell {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new LineError(`not valid JSON (${(error as Error).message})`);
  }
  try {
    return checkCellShape(value);
  } catch (error) {
    throw new LineError((error as Error).message);
  }
}

function eachLine(command: string, handle: (cell: Nb101Cell) => object): Promise<number> {
  return eachJsonLine(`nb101 ${command}`, '{"matrix": [[...]], "ops": [...]}', parseCellLine, handle);
}
