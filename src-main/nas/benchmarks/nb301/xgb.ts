/**
 * Evaluates XGBoost models saved as JSON (`booster.save_model('m.json')`, XGBoost ≥ 1.0)
 * exactly as XGBoost's CPU predictor does, so that a model exported from Python gives the
 * same numbers here:
 *
 *   - features are float32, and a split sends a row left when `x < split_condition`
 *     compared in float32 (a double comparison differs when x sits on the threshold);
 *   - NaN is missing and follows the node's default_left;
 *   - a row starts at the base margin and adds every tree's leaf value in float32, tree by
 *     tree (DART: each leaf value times its tree's weight_drop);
 *   - the base margin is base_score passed through the objective's inverse link (identity
 *     for regression, logit for logistic, log for Poisson/Gamma/Tweedie), and the output
 *     is the margin through the link.
 *
 * Layout of the JSON (demo/json-model/json_parser.py in XGBoost): learner.learner_model_param
 * {num_feature, base_score ("5E-1", or "[5E-1]" since 3.0), num_class, num_target},
 * learner.objective.name, learner.gradient_booster {name, model | gbtree.model, weight_drop?}
 * → model.trees[] with left_children, right_children (-1 at leaves), split_indices,
 * split_conditions (the leaf value at leaves), default_left (0/1 or booleans) and, since
 * 1.6, split_type (1 = categorical split, not supported here).
 */

export class XgbFormatError extends Error {
  override name = 'XgbFormatError';
}

type Link = 'identity' | 'logistic' | 'log';

const OBJECTIVES: Record<string, { link: Link; baseToMargin: (b: number) => number }> = {};
for (const name of ['reg:squarederror', 'reg:linear', 'reg:squaredlogerror', 'reg:pseudohubererror', 'reg:absoluteerror', 'reg:quantileerror']) {
  OBJECTIVES[name] = { link: 'identity', baseToMargin: (b) => b };
}
for (const name of ['reg:logistic', 'binary:logistic']) OBJECTIVES[name] = { link: 'logistic', baseToMargin: (b) => -Math.log(1 / b - 1) };
OBJECTIVES['binary:logitraw'] = { link: 'identity', baseToMargin: (b) => -Math.log(1 / b - 1) };
for (const name of ['count:poisson', 'reg:gamma', 'reg:tweedie']) OBJECTIVES[name] = { link: 'log', baseToMargin: (b) => Math.log(b) };

export interface XgbTree {
  left: Int32Array;
  right: Int32Array;
  splitIndex: Int32Array;
  /** Split threshold at inner nodes, leaf value at leaves (float32). */
  value: Float32Array;
  defaultLeft: Uint8Array;
}

export interface XgbModel {
  numFeature: number;
  objective: string;
  link: Link;
  /** float32 base margin every row starts from. */
  baseMargin: number;
  trees: XgbTree[];
  /** DART weight of each tree, or null (all 1). */
  treeWeights: Float32Array | null;
}

function obj(value: unknown, where: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new XgbFormatError(`${where} is missing or not an object`);
  return value as Record<string, unknown>;
}

function numberOf(value: unknown, where: string): number {
  let v = value;
  if (typeof v === 'string') {
    const s = v.trim();
    // base_score is "[5E-1]" since XGBoost 3.0 (one value per target).
    const inner = s.startsWith('[') && s.endsWith(']') ? s.slice(1, -1) : s;
    if (inner.includes(',')) throw new XgbFormatError(`${where} holds several values (${s}); only single-target models are supported`);
    v = inner === '' ? Number.NaN : Number(inner);
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new XgbFormatError(`${where} is ${JSON.stringify(value)}, not a number`);
  return v;
}

function numbers(value: unknown, where: string, n: number): number[] {
  if (!Array.isArray(value)) throw new XgbFormatError(`${where} is missing or not a list`);
  if (value.length !== n) throw new XgbFormatError(`${where} has ${value.length} entries, the tree has ${n} nodes`);
  return value.map((v, i) => {
    const x = typeof v === 'boolean' ? Number(v) : v;
    if (typeof x !== 'number' || Number.isNaN(x)) throw new XgbFormatError(`${where}[${i}] is ${JSON.stringify(v)}, not a number`);
    return x;
  });
}

function parseTree(value: unknown, t: number, numFeature: number): XgbTree {
  const tree = obj(value, `tree ${t}`);
  if (!Array.isArray(tree.left_children)) throw new XgbFormatError(`tree ${t} has no left_children list`);
  const n = tree.left_children.length;
  if (n === 0) throw new XgbFormatError(`tree ${t} has no nodes`);
  const param = tree.tree_param as Record<string, unknown> | undefined;
  if (param?.num_nodes !== undefined && numberOf(param.num_nodes, `tree ${t} tree_param.num_nodes`) !== n) {
    throw new XgbFormatError(`tree ${t}: tree_param.num_nodes is ${param.num_nodes} but left_children has ${n} entries`);
  }
  if (param?.size_leaf_vector !== undefined && numberOf(param.size_leaf_vector, `tree ${t} size_leaf_vector`) > 1) {
    throw new XgbFormatError(`tree ${t} has vector leaves (multi-target); only scalar leaves are supported`);
  }
  const left = numbers(tree.left_children, `tree ${t} left_children`, n);
  const right = numbers(tree.right_children, `tree ${t} right_children`, n);
  const split = numbers(tree.split_indices, `tree ${t} split_indices`, n);
  const cond = numbers(tree.split_conditions, `tree ${t} split_conditions`, n);
  const dflt = numbers(tree.default_left, `tree ${t} default_left`, n);
  if (tree.split_type !== undefined) {
    const types = numbers(tree.split_type, `tree ${t} split_type`, n);
    const cat = types.findIndex((s, i) => s !== 0 && left[i] !== -1);
    if (cat >= 0) throw new XgbFormatError(`tree ${t} node ${cat} is a categorical split; only numerical splits are supported`);
  }
  // Walk from the root: every reachable node once (XGBoost may reuse deleted node ids, so
  // children need not have larger ids than their parent), every split on a real feature.
  const seen = new Uint8Array(n);
  const stack = [0];
  while (stack.length > 0) {
    const i = stack.pop()!;
    if (seen[i]) throw new XgbFormatError(`tree ${t} reaches node ${i} twice; it is not a tree`);
    seen[i] = 1;
    const l = left[i]!;
    const r = right[i]!;
    if ((l === -1) !== (r === -1)) throw new XgbFormatError(`tree ${t} node ${i} has one child (${l}, ${r})`);
    if (l === -1) continue;
    if (!(Number.isInteger(l) && Number.isInteger(r) && l >= 0 && l < n && r >= 0 && r < n)) {
      throw new XgbFormatError(`tree ${t} node ${i} has children ${l}, ${r} outside the tree of ${n} nodes`);
    }
    if (!(Number.isInteger(split[i]) && split[i]! >= 0 && split[i]! < numFeature)) {
      throw new XgbFormatError(`tree ${t} node ${i} splits on feature ${split[i]}, but the model has ${numFeature} features`);
    }
    stack.push(l, r);
  }
  return {
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    splitIndex: Int32Array.from(split),
    value: Float32Array.from(cond),
    defaultLeft: Uint8Array.from(dflt.map((d) => (d ? 1 : 0))),
  };
}

/** Parses a model from its JSON value; `what` names it in errors. */
export function parseXgbModel(json: unknown, what = 'the XGBoost model'): XgbModel {
  try {
    const learner = obj(obj(json, 'the top level').learner, 'learner');
    const param = obj(learner.learner_model_param, 'learner.learner_model_param');
    const numFeature = numberOf(param.num_feature, 'learner_model_param.num_feature');
    if (param.num_class !== undefined && numberOf(param.num_class, 'num_class') > 1) throw new XgbFormatError('the model is a multi-class classifier; only single-output models are supported');
    if (param.num_target !== undefined && numberOf(param.num_target, 'num_target') > 1) throw new XgbFormatError('the model has several targets; only single-target models are supported');
    const objective = String(obj(learner.objective, 'learner.objective').name ?? '');
    const spec = OBJECTIVES[objective];
    if (!spec) throw new XgbFormatError(`objective "${objective}" is not supported (supported: ${Object.keys(OBJECTIVES).join(', ')})`);
    const booster = obj(learner.gradient_booster, 'learner.gradient_booster');
    const boosterName = String(booster.name ?? 'gbtree');
    if (boosterName !== 'gbtree' && boosterName !== 'dart') throw new XgbFormatError(`booster "${boosterName}" is not a tree booster (gbtree or dart)`);
    const model = obj(boosterName === 'dart' && booster.gbtree !== undefined ? obj(booster.gbtree, 'gradient_booster.gbtree').model : booster.model, 'gradient_booster.model');
    if (!Array.isArray(model.trees)) throw new XgbFormatError('gradient_booster.model.trees is missing');
    if (Array.isArray(model.tree_info) && model.tree_info.some((g) => g !== 0)) throw new XgbFormatError('trees belong to several output groups; only single-output models are supported');
    const trees = model.trees.map((tree, t) => parseTree(tree, t, numFeature));
    let treeWeights: Float32Array | null = null;
    if (Array.isArray(booster.weight_drop)) {
      if (booster.weight_drop.length !== trees.length) throw new XgbFormatError(`weight_drop has ${booster.weight_drop.length} weights for ${trees.length} trees`);
      treeWeights = Float32Array.from(booster.weight_drop.map((w, i) => numberOf(w, `weight_drop[${i}]`)));
      if (treeWeights.every((w) => w === 1)) treeWeights = null;
    }
    const baseScore = numberOf(param.base_score, 'learner_model_param.base_score');
    return { numFeature, objective, link: spec.link, baseMargin: Math.fround(spec.baseToMargin(baseScore)), trees, treeWeights };
  } catch (error) {
    if (error instanceof XgbFormatError) throw new XgbFormatError(`${what} is not a usable XGBoost JSON model: ${error.message}`);
    throw error;
  }
}

function leafValue(tree: XgbTree, x: ArrayLike<number>): number {
  const { left, right, splitIndex, value, defaultLeft } = tree;
  let node = 0;
  while (left[node] !== -1) {
    const f = x[splitIndex[node]!]!;
    if (Number.isNaN(f)) node = defaultLeft[node] ? left[node]! : right[node]!;
    else node = Math.fround(f) < value[node]! ? left[node]! : right[node]!;
  }
  return value[node]!;
}

/** The raw margin (before the link) of one row. */
export function predictXgbMargin(model: XgbModel, x: ArrayLike<number>): number {
  if (x.length !== model.numFeature) throw new RangeError(`the model takes ${model.numFeature} features, the row has ${x.length}`);
  let sum = model.baseMargin;
  const { trees, treeWeights } = model;
  for (let t = 0; t < trees.length; t++) {
    const leaf = leafValue(trees[t]!, x);
    sum = Math.fround(sum + (treeWeights ? Math.fround(leaf * treeWeights[t]!) : leaf));
  }
  return sum;
}

/** What XGBoost's Booster.predict returns for one row. */
export function predictXgb(model: XgbModel, x: ArrayLike<number>): number {
  const margin = predictXgbMargin(model, x);
  switch (model.link) {
    case 'identity':
      return margin;
    case 'logistic':
      return Math.fround(1 / (1 + Math.exp(-margin)));
    case 'log':
      return Math.fround(Math.exp(margin));
  }
}
