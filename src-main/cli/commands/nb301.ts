/**
 * `archwalk nb301 …`: the NAS-Bench-301 (DARTS) cell space from the command line —
 * canonical hashes and neighbourhoods of genotypes read as lines. Needs no imported data.
 */
import { parseArgs } from 'node:util';
import { Rng } from '../../nas/rng.ts';
import { Nb301FormatError } from '../../nas/spaces/nb301/genotype.ts';
import { nb301HashLine, nb301NeighboursLine, parseNb301Line } from '../../nas/spaces/nb301/lines.ts';
import type { NeighbourRules } from '../../nas/spaces/types.ts';
import { UsageError } from '../context.ts';
import { eachJsonLine, LineError } from '../json-lines.ts';

export const NB301_USAGE = `archwalk nb301 hash < GENOTYPES.txt                canonical hash and forms of each genotype line
archwalk nb301 neighbours [--rules paper|naslib] [--sample N --seed S] < GENOTYPES.txt
                                                  each genotype's 120 neighbours (or N drawn of them);
                                                  a line is {"normal": [[input, op], …], "reduce": […]},
                                                  NASLib's lists, or DARTS Genotype(…) text`;

const EXPECTED = 'genotype ({"normal": [[input, op], ...], "reduce": [...]}, NASLib lists or DARTS Genotype text)';

/** Any genotype problem in a line is that line's error. */
function asLineError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof Nb301FormatError) throw new LineError(error.message);
    throw error;
  }
}

function nonNegativeInteger(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${option} must be a non-negative integer, got ${text}`);
  return n;
}

export async function nb301Command(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { rules: { type: 'string' }, sample: { type: 'string' }, seed: { type: 'string' } },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"\n${NB301_USAGE}`);
  const parse = (line: string): unknown => asLineError(() => parseNb301Line(line));
  switch (sub) {
    case 'hash':
      return eachJsonLine('nb301 hash', EXPECTED, parse, (value) => asLineError(() => nb301HashLine(value)));
    case 'neighbours':
    case 'neighbors': {
      const rules = values.rules ?? 'paper';
      if (rules !== 'paper' && rules !== 'naslib') throw new UsageError(`--rules must be paper or naslib, got "${rules}"`);
      const n = nonNegativeInteger(values.sample, '--sample');
      const rng = new Rng(nonNegativeInteger(values.seed, '--seed') ?? 0);
      const sample = n === undefined ? undefined : { n, rng };
      return eachJsonLine('nb301 neighbours', EXPECTED, parse, (value) => asLineError(() => nb301NeighboursLine(value, rules as NeighbourRules, sample)));
    }
    default:
      throw new UsageError(NB301_USAGE);
  }
}
