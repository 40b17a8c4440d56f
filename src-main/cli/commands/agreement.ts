/**
 * `archwalk benchmark agreement NAME FILE.json …`: how a registered NB301 surrogate ranks
 * architectures whose official NB301 v1.0 validation accuracy is known (NASLib's
 * zc_nasbench301 files), and, with --calibrate, stores the fitted linear calibration that
 * later queries of that benchmark apply.
 */
import { agreement, loadNb301Yahpo, readNaslibNb301, setNb301YahpoCalibration } from '../../nas/benchmarks/nb301/index.ts';
import { Rng } from '../../nas/rng.ts';
import { UserError } from '../../services/user-error.ts';
import type { Services } from '../../services/index.ts';
import { print } from '../context.ts';

export async function agreementCommand(services: Services, name: string, files: string[], calibrate: boolean, json: boolean): Promise<number> {
  const row = services.store.getBenchmark(name);
  if (!row) throw new UserError(`benchmark "${name}" is not registered`);
  if (row.kind !== 'nb301-yahpo') throw new UserError(`agreement and calibration apply to nb301-yahpo benchmarks; ${name} is ${row.kind}`);
  if (files.length === 0) throw new UserError('name at least one NASLib zc_nasbench301 JSON file with official validation accuracies');
  let references;
  try {
    references = readNaslibNb301(...files);
  } catch (error) {
    throw new UserError((error as Error).message);
  }
  // Compared uncalibrated, so a stored calibration is re-fitted, not compounded.
  const benchmark = loadNb301Yahpo(row.data_path, row.name, { calibration: null });
  const rng = new Rng(0);
  const predicted: number[] = [];
  for (const ref of references) predicted.push((await benchmark.query(ref.genotype, { rng, repeat: 'mean' })).valid);
  const result = agreement(predicted, references.map((r) => r.valid));
  if (calibrate) setNb301YahpoCalibration(row.data_path, { ...result.calibration, fittedOn: files.join(', '), n: result.n });
  if (json) {
    print(JSON.stringify({ benchmark: name, ...result, stored: calibrate }));
    return 0;
  }
  print(`${name} against ${result.n} architectures with official NB301 v1.0 validation accuracy:`);
  print(`  Spearman rank correlation ${result.spearman.toFixed(4)}`);
  print(`  mean difference ${result.meanDifferencePoints >= 0 ? '+' : ''}${result.meanDifferencePoints.toFixed(2)} points, RMSE ${result.rmsePoints.toFixed(2)} points`);
  print(`  linear calibration: slope ${result.calibration.slope.toFixed(4)}, intercept ${result.calibration.intercept.toFixed(4)} → RMSE ${result.calibratedRmsePoints.toFixed(2)} points`);
  print(calibrate ? '  stored: later queries of this benchmark apply the calibration' : '  (pass --calibrate to store it for later queries)');
  return 0;
}
