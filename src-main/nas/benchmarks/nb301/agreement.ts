/**
 * How well a surrogate agrees with reference values of the official NB301 v1.0 surrogate:
 * NASLib's zc_nasbench301 files hold DARTS genotypes (NASLib compact keys) with the
 * official ensemble's `val_accuracy` (one noisy draw, in percent). We report the Spearman
 * rank correlation, the mean difference and a least-squares linear calibration
 * (reference ≈ slope · predicted + intercept) that the YAHPO benchmark can apply.
 */
import { readFileSync } from 'node:fs';
import { parseCompact, type Nb301Genotype } from '../../spaces/nb301/genotype.ts';
import { hashGenotype } from '../../spaces/nb301/space.ts';
import type { Nb301Calibration } from './yahpo.ts';

export interface Nb301Reference {
  genotype: Nb301Genotype;
  hash: string;
  /** Validation accuracy as a fraction. */
  valid: number;
}

/**
 * Reads one or more NASLib zc_nasbench301 files. Two layouts exist: the 2022-05-14 file is
 * {"nasbench301": {"cifar10": {key: {val_accuracy, ...}}}}, the 2022-05-18 one drops the
 * outer level ({"cifar10": {key: {idx, arch, val_accuracy, ...}}}). A genotype that appears
 * twice (the two NASLib files share 7) is kept once, first value wins.
 */
export function readNaslibNb301(...paths: string[]): Nb301Reference[] {
  const out: Nb301Reference[] = [];
  const seen = new Set<string>();
  for (const path of paths) {
    type Table = Record<string, { val_accuracy?: unknown }>;
    const data = JSON.parse(readFileSync(path, 'utf8')) as { nasbench301?: { cifar10?: Table }; cifar10?: Table };
    const table = data.nasbench301?.cifar10 ?? data.cifar10;
    if (!table) throw new Error(`${path} is not a NASLib zc_nasbench301 file: it has no nasbench301.cifar10 or cifar10 table`);
    for (const [key, record] of Object.entries(table)) {
      const genotype = parseCompact(key);
      const hash = hashGenotype(genotype);
      const valid = Number(record.val_accuracy) / 100;
      if (!Number.isFinite(valid)) throw new Error(`${path}: ${key} has no numeric val_accuracy`);
      if (seen.has(hash)) continue;
      seen.add(hash);
      out.push({ genotype, hash, valid });
    }
  }
  return out;
}

/** Ranks from 1, ties sharing their average rank. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k]![1]] = rank;
    i = j + 1;
  }
  return out;
}

export function pearson(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length < 2) throw new RangeError('correlation needs two equally long series of at least two values');
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

export function spearman(a: readonly number[], b: readonly number[]): number {
  return pearson(ranks(a), ranks(b));
}

/** Least squares reference ≈ slope · predicted + intercept. */
export function fitLinearCalibration(predicted: readonly number[], reference: readonly number[]): Nb301Calibration {
  const n = predicted.length;
  if (n < 2 || reference.length !== n) throw new RangeError('a calibration needs at least two (predicted, reference) pairs');
  const mp = predicted.reduce((s, v) => s + v, 0) / n;
  const mr = reference.reduce((s, v) => s + v, 0) / n;
  let spr = 0;
  let spp = 0;
  for (let i = 0; i < n; i++) {
    spr += (predicted[i]! - mp) * (reference[i]! - mr);
    spp += (predicted[i]! - mp) ** 2;
  }
  if (spp === 0) throw new RangeError('all predictions are equal; no calibration can be fitted');
  const slope = spr / spp;
  return { slope, intercept: mr - slope * mp, n };
}

export interface Nb301Agreement {
  n: number;
  spearman: number;
  /** Mean of predicted − reference, in accuracy points (percent). */
  meanDifferencePoints: number;
  /** Root mean squared difference in points, before and after calibration. */
  rmsePoints: number;
  calibratedRmsePoints: number;
  calibration: Nb301Calibration;
}

/** Compares predictions (fractions) with references (fractions), same order. */
export function agreement(predicted: readonly number[], reference: readonly number[]): Nb301Agreement {
  const calibration = fitLinearCalibration(predicted, reference);
  let diff = 0;
  let sq = 0;
  let sqCal = 0;
  predicted.forEach((p, i) => {
    const d = p - reference[i]!;
    diff += d;
    sq += d * d;
    sqCal += (calibration.slope * p + calibration.intercept - reference[i]!) ** 2;
  });
  const n = predicted.length;
  return {
    n,
    spearman: spearman(predicted, reference),
    meanDifferencePoints: (100 * diff) / n,
    rmsePoints: 100 * Math.sqrt(sq / n),
    calibratedRmsePoints: 100 * Math.sqrt(sqCal / n),
    calibration,
  };
}
