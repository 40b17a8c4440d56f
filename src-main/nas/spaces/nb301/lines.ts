/**
 * What `archwalk nb301 hash|neighbours` print for one input line, kept here so the CLI is
 * a thin line loop (like `archwalk nb101`). A line holds one genotype in any form
 * toGenotype reads: a JSON object {"normal": [[input, op], ...], "reduce": [...]},
 * NASLib's [[...], [...]] lists, or a JSON string with DARTS Genotype text or NASLib
 * compact text. Bad input throws Nb301FormatError with the reason.
 */
import type { Rng } from '../../rng.ts';
import type { NeighbourRules } from '../types.ts';
import { formatDarts, Nb301FormatError, type Nb301Genotype } from './genotype.ts';
import { nb301Space, toGenotype } from './space.ts';

/**
 * One input line to the value the helpers below take: JSON, or — since DARTS Genotype text
 * and NASLib compact keys are not JSON — the bare text when it starts like one of those.
 */
export function parseNb301Line(line: string): unknown {
  const text = line.trim();
  try {
    return JSON.parse(text);
  } catch (error) {
    if (text.startsWith('Genotype') || text.startsWith('[[(')) return text;
    throw new Nb301FormatError(`not valid JSON (${(error as Error).message}) and not DARTS Genotype or NASLib compact text`);
  }
}

export interface Nb301LineArch {
  hash: string;
  normal: number[][];
  reduce: number[][];
  genotype: string;
}

function describe(g: Nb301Genotype): Nb301LineArch {
  const plain = nb301Space.toJSON(g) as { normal: number[][]; reduce: number[][] };
  return { hash: nb301Space.hash(g), normal: plain.normal, reduce: plain.reduce, genotype: formatDarts(g) };
}

export function nb301HashLine(value: unknown): Nb301LineArch {
  return describe(toGenotype(value));
}

/**
 * `{hash, normal, reduce, genotype, neighbours: [{hash, normal, reduce, genotype, edit}]}`:
 * all 120 in generation order, or `sample` of them drawn with `rng` (both must be given).
 */
export function nb301NeighboursLine(value: unknown, rules: NeighbourRules = 'paper', sample?: { n: number; rng: Rng }): Nb301LineArch & { neighbours: (Nb301LineArch & { edit: string })[] } {
  const g = toGenotype(value);
  const neighbours = sample ? nb301Space.sampleNeighbours(g, sample.n, sample.rng) : nb301Space.neighbours(g, rules);
  return { ...describe(g), neighbours: neighbours.map(({ arch, edit }) => ({ ...describe(arch), edit })) };
}
