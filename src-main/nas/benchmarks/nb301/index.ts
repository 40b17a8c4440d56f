/** NAS-Bench-301 surrogate benchmarks: YAHPO's ONNX model and the official XGBoost ensemble. */
export { agreement, fitLinearCalibration, pearson, ranks, readNaslibNb301, spearman, type Nb301Agreement, type Nb301Reference } from './agreement.ts';
export {
  checkNb301Golden,
  compileFeatureLayout,
  gaussian,
  importNb301Xgb,
  loadNb301Xgb,
  NB301_XGB_FORMAT,
  NB301_XGB_LABEL,
  NB301_XGB_MANIFEST,
  NB301_XGB_TOLERANCE,
  nb301Features,
  Nb301XgbBenchmark,
  Nb301XgbImportError,
  openNb301Ensemble,
  predictMembers,
  readNb301XgbManifest,
  type Nb301FeatureLayout,
  type Nb301XgbManifest,
  type Nb301XgbOptions,
} from './ensemble.ts';
export { withSymbolicBatch } from './onnx-batch.ts';
export { parseXgbModel, predictXgb, predictXgbMargin, XgbFormatError, type XgbModel, type XgbTree } from './xgb.ts';
export {
  fillYahpoInputs,
  importNb301Yahpo,
  loadNb301Yahpo,
  NB301_SMOKE_GENOTYPE,
  NB301_YAHPO_DEFAULT_EPOCH,
  NB301_YAHPO_FORMAT,
  NB301_YAHPO_LABEL,
  NB301_YAHPO_MANIFEST,
  Nb301ImportError,
  Nb301YahpoBenchmark,
  parseYahpoEncoding,
  readNb301YahpoManifest,
  setNb301YahpoCalibration,
  YahpoModel,
  type Nb301Calibration,
  type Nb301YahpoManifest,
  type Nb301YahpoOptions,
} from './yahpo.ts';
