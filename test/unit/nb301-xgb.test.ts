import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  importNb301Xgb,
  loadNb301Xgb,
  NB301_XGB_MANIFEST,
  nb301Features,
  compileFeatureLayout,
  type Nb301FeatureSpec,
} from '../../src-main/nas/benchmarks/nb301/ensemble.ts';
import { parseXgbModel, predictXgb, predictXgbMargin } from '../../src-main/nas/benchmarks/nb301/xgb.ts';
import { Rng } from '../../src-main/nas/rng.ts';
import { formatDarts, NB301_OPS, nb301Space, toConfigSpace, type Nb301Genotype } from '../../src-main/nas/spaces/nb301/index.ts';
import { tempDir } from '../helpers/data.ts';

// ---------------------------------------------------------------------------------------
// A hand-built XGBoost JSON model in the layout XGBoost 1.x writes (see XGBoost's
// demo/json-model/json_parser.py), with predictions worked out by hand:
//
//   base_score 0.5, reg:squarederror, 3 features
//   tree 0: x0 < 0.1 (missing → left) ? 1.0 : (x1 < 2 (missing → right) ? -0.25 : 0.75)
//   tree 1: x2 < -0.5 (missing → right) ? 0.125 : -0.0625

function tree(left: number[], right: number[], split: number[], cond: number[], dflt: (number | boolean)[]): object {
  return {
    base_weights: cond.map(() => 0),
    categories: [],
    categories_nodes: [],
    categories_segments: [],
    categories_sizes: [],
    default_left: dflt,
    id: 0,
    left_children: left,
    loss_changes: cond.map(() => 0),
    parents: left.map(() => 2147483647),
    right_children: right,
    split_conditions: cond,
    split_indices: split,
    split_type: cond.map(() => 0),
    sum_hessian: cond.map(() => 1),
    tree_param: { num_deleted: '0', num_feature: '3', num_nodes: String(left.length), size_leaf_vector: '0' },
  };
}

function model(trees: object[], options: { base?: string; objective?: string; numFeature?: number; booster?: object } = {}): object {
  return {
    learner: {
      attributes: {},
      feature_names: [],
      feature_types: [],
      gradient_booster: options.booster ?? {
        model: { gbtree_model_param: { num_parallel_tree: '1', num_trees: String(trees.length) }, tree_info: trees.map(() => 0), trees },
        name: 'gbtree',
      },
      learner_model_param: { base_score: options.base ?? '5E-1', num_class: '0', num_feature: String(options.numFeature ?? 3), num_target: '1' },
      objective: { name: options.objective ?? 'reg:squarederror', reg_loss_param: { scale_pos_weight: '1' } },
    },
    version: [1, 7, 6],
  };
}

const TREE0 = tree([1, -1, 3, -1, -1], [2, -1, 4, -1, -1], [0, 0, 1, 0, 0], [0.1, 1.0, 2, -0.25, 0.75], [1, 0, 0, 0, 0]);
const TREE1 = tree([1, -1, -1], [2, -1, -1], [2, 0, 0], [-0.5, 0.125, -0.0625], [false, false, false]);

test('a hand-built XGBoost JSON model predicts what its trees say', () => {
  const m = parseXgbModel(JSON.parse(JSON.stringify(model([TREE0, TREE1]))));
  assert.equal(m.trees.length, 2);
  assert.equal(predictXgb(m, [0, 5, 0]), 0.5 + 1.0 - 0.0625);
  assert.equal(predictXgb(m, [1, 1, -1]), 0.5 - 0.25 + 0.125);
  assert.equal(predictXgb(m, [1, 3, -1]), 0.5 + 0.75 + 0.125);
  // Missing values follow default_left: tree 0 node 0 goes left, node 2 goes right; tree 1 goes right.
  assert.equal(predictXgb(m, [Number.NaN, Number.NaN, Number.NaN]), 0.5 + 1.0 - 0.0625);
  assert.equal(predictXgb(m, [1, Number.NaN, -1]), 0.5 + 0.75 + 0.125);
  // base_score as XGBoost 3 writes it.
  const m3 = parseXgbModel(model([TREE0, TREE1], { base: '[5E-1]' }));
  assert.equal(predictXgb(m3, [0, 5, 0]), 1.4375);
});

test('splits compare in float32: a value equal to the float32 threshold goes right', () => {
  const m = parseXgbModel(model([TREE0, TREE1]));
  // In double, 0.1 < float32(0.1) = 0.10000000149…, which would go left (+1.0).
  assert.equal(predictXgb(m, [0.1, 1, -1]), 0.5 - 0.25 + 0.125);
  assert.equal(predictXgb(m, [0.09999999, 1, -1]), 0.5 + 1.0 + 0.125);
});

test('leaf values add up in float32, tree by tree', () => {
  const leaf = tree([-1], [-1], [0], [0.1], [0]);
  const m = parseXgbModel(model(Array(10).fill(leaf), { base: '0' }));
  // Ten float32 0.1s summed in float32 give 1.0000001192092896, not 1 or 0.9999999999999999.
  assert.equal(predictXgbMargin(m, [0, 0, 0]), 1.0000001192092896);
});

test('links and DART weights', () => {
  const stump = tree([1, -1, -1], [2, -1, -1], [0, 0, 0], [0.5, -1.0, 2.0], [0, 0, 0]);
  const logistic = parseXgbModel(model([stump], { objective: 'binary:logistic' }));
  assert.equal(predictXgbMargin(logistic, [0, 0, 0]), -1);
  assert.equal(predictXgb(logistic, [0, 0, 0]), Math.fround(1 / (1 + Math.exp(1))));
  const logisticBase = parseXgbModel(model([stump], { objective: 'reg:logistic', base: '7.5E-1' }));
  assert.equal(predictXgbMargin(logisticBase, [1, 0, 0]), Math.fround(Math.fround(Math.log(3)) + 2));
  const dart = parseXgbModel(
    model([], {
      booster: {
        name: 'dart',
        gbtree: { model: { gbtree_model_param: { num_trees: '2' }, tree_info: [0, 0], trees: [TREE0, TREE1] } },
        weight_drop: [0.5, 1],
      },
    }),
  );
  assert.equal(predictXgb(dart, [0, 5, 0]), 0.5 + 0.5 * 1.0 - 0.0625);
});

test('models that cannot be evaluated are refused with the reason', () => {
  assert.throws(() => parseXgbModel({ nope: 1 }), /learner is missing/);
  assert.throws(() => parseXgbModel(model([TREE0], { objective: 'rank:pairwise' })), /objective "rank:pairwise" is not supported/);
  assert.throws(() => parseXgbModel(model([TREE0], { numFeature: 1 })), /splits on feature 1, but the model has 1 features/);
  const categorical = { ...(TREE1 as Record<string, unknown>), split_type: [1, 0, 0] };
  assert.throws(() => parseXgbModel(model([categorical])), /categorical split/);
  const broken = { ...(TREE1 as Record<string, unknown>), right_children: [7, -1, -1] };
  assert.throws(() => parseXgbModel(model([broken])), /outside the tree/);
  const cyclic = tree([1, 0, -1], [2, 2, -1], [0, 0, 0], [1, 1, 1], [0, 0, 0]);
  assert.throws(() => parseXgbModel(model([cyclic])), /not a tree/);
  const multi = model([TREE0]) as { learner: { learner_model_param: Record<string, string> } };
  multi.learner.learner_model_param.num_class = '3';
  assert.throws(() => parseXgbModel(multi), /multi-class/);
});

// ---------------------------------------------------------------------------------------
// A synthetic export in the layout resources/nb301/export_xgb.py writes. The features are
// in ConfigSpace's sorted order (fixed hyperparameters mixed in), and the goldens are worked
// out here from the ConfigSpace dictionary and the trees' rules, independently of
// nb301Features and the tree evaluator.

const P = 'NetworkSelectorDatasetInfo:darts:';
const ARCH_NAMES = ['normal', 'reduce'].flatMap((c) => [
  ...Array.from({ length: 14 }, (_, e) => `${P}edge_${c}_${e}`),
  ...[3, 4, 5].map((k) => `${P}inputs_node_${c}_${k}`),
]);
const PAIRS = (k: number): string[] => {
  const out: string[] = [];
  for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) out.push(`${a}_${b}`);
  return out;
};

function features(): Nb301FeatureSpec[] {
  const fixed: Nb301FeatureSpec[] = [
    { name: 'CreateImageDataLoader:batch_size', type: 'uniformint' },
    { name: 'ImageAugmentation:augment', type: 'categorical', choices: ['True'] },
    { name: 'OptimizerSelector:sgd:learning_rate', type: 'normalfloat' },
    { name: 'SimpleTrainNode:mixup:alpha', type: 'uniformfloat' },
  ];
  const arch = ARCH_NAMES.map((name) => ({
    name,
    type: 'categorical',
    choices: name.includes(':edge_') ? [...NB301_OPS] : PAIRS(Number(name.slice(-1))),
  }));
  return [...fixed, ...arch].sort((a, b) => (a.name < b.name ? -1 : 1));
}

const FIXED_VALUES: Record<string, number> = {
  'CreateImageDataLoader:batch_size': 0.5,
  'ImageAugmentation:augment': 0,
  'OptimizerSelector:sgd:learning_rate': 0.1234567,
  'SimpleTrainNode:mixup:alpha': 0.3,
};

/** The vector NB301 would build, from the ConfigSpace dictionary. */
function referenceVector(feats: Nb301FeatureSpec[], g: Nb301Genotype): number[] {
  const cs = toConfigSpace(g);
  return feats.map((f) => {
    if (f.name in FIXED_VALUES) return FIXED_VALUES[f.name]!;
    const value = cs[f.name];
    return value === undefined ? -1 : f.choices!.indexOf(value);
  });
}

/** Member m: base 93 + three trees on architecture features. */
function memberModel(feats: Nb301FeatureSpec[], m: number): { json: object; predict: (x: number[]) => number } {
  const at = (name: string): number => feats.findIndex((f) => f.name === P + name);
  const e0 = at('edge_normal_0');
  const r9 = at('edge_reduce_9');
  const n5 = at('inputs_node_normal_5');
  const lr = feats.findIndex((f) => f.name === 'OptimizerSelector:sgd:learning_rate');
  const a = 0.5 + m;
  const [c, d, e] = [0.3, -0.2 * (m + 1), 0.45];
  const [gg, h] = [-0.7, 0.35 + m / 10];
  const leaves = [a, -0.25, c, d, e, gg, h].map((v) => Math.fround(v));
  const json = {
    learner: {
      gradient_booster: {
        name: 'gbtree',
        model: {
          tree_info: [0, 0, 0, 0],
          trees: [
            tree([1, -1, -1], [2, -1, -1], [e0, 0, 0], [2.5, leaves[0]!, leaves[1]!], [0, 0, 0]),
            tree([1, -1, 3, -1, -1], [2, -1, 4, -1, -1], [r9, 0, r9, 0, 0], [-0.5, leaves[2]!, 3.5, leaves[3]!, leaves[4]!], [0, 0, 0, 0, 0]),
            tree([1, -1, -1], [2, -1, -1], [n5, 0, 0], [4.5, leaves[5]!, leaves[6]!], [1, 0, 0]),
            // Splits on a fixed feature exactly at its float32 value: always goes right.
            tree([1, -1, -1], [2, -1, -1], [lr, 0, 0], [0.1234567, 5, 0.015625], [0, 0, 0]),
          ],
        },
      },
      learner_model_param: { base_score: '9.3E1', num_class: '0', num_feature: String(feats.length) },
      objective: { name: 'reg:squarederror' },
    },
  };
  const predict = (x: number[]): number => {
    let s = Math.fround(93);
    s = Math.fround(s + (x[e0]! < 2.5 ? leaves[0]! : leaves[1]!));
    s = Math.fround(s + (x[r9]! < -0.5 ? leaves[2]! : x[r9]! < 3.5 ? leaves[3]! : leaves[4]!));
    s = Math.fround(s + (x[n5]! < 4.5 ? leaves[5]! : leaves[6]!));
    s = Math.fround(s + 0.015625);
    return s;
  };
  return { json, predict };
}

function writeExport(dir: string, options: { members?: number; goldens?: number } = {}): { feats: Nb301FeatureSpec[]; goldens: { genotype: string; features: number[]; predictions: number[] }[] } {
  mkdirSync(dir, { recursive: true });
  const feats = features();
  const members = Array.from({ length: options.members ?? 3 }, (_, m) => memberModel(feats, m));
  members.forEach((m, i) => writeFileSync(join(dir, `member_${i}.json`), JSON.stringify(m.json)));
  const rng = new Rng(12);
  const goldens = Array.from({ length: options.goldens ?? 200 }, () => {
    const g = nb301Space.sample(rng);
    const x = referenceVector(feats, g);
    return { genotype: formatDarts(g), features: x, predictions: members.map((m) => m.predict(x)) };
  });
  const metadata = {
    format: 'nb301-xgb-export',
    version: 1,
    members: members.map((_, i) => `member_${i}.json`),
    features: feats,
    fixedVector: feats.map((f) => FIXED_VALUES[f.name] ?? null),
    inactiveValue: -1,
    combine: { mean: 'mean', noise: 'normal-population-std' },
    target: 'val_accuracy_percent',
  };
  writeFileSync(join(dir, 'metadata.json'), JSON.stringify(metadata));
  writeFileSync(join(dir, 'golden.json'), JSON.stringify({ seed: 0, genotypes: goldens }));
  return { feats, goldens };
}

test('nb301Features builds NB301\'s ConfigSpace vector (inactive = −1)', () => {
  const feats = features();
  const layout = compileFeatureLayout({ features: feats, fixedVector: feats.map((f) => FIXED_VALUES[f.name] ?? null) as number[] });
  const rng = new Rng(5);
  for (let i = 0; i < 300; i++) {
    const g = nb301Space.sample(rng);
    assert.deepEqual([...nb301Features(g, layout)], referenceVector(feats, g).map((v) => Math.fround(v)));
  }
});

test('import checks every golden pair, then the benchmark answers mean or seeded noisy draws', () => {
  const tmp = tempDir();
  try {
    const { goldens } = writeExport(join(tmp.path, 'export'));
    const dest = join(tmp.path, 'imported');
    const { manifest } = importNb301Xgb(join(tmp.path, 'export'), dest);
    assert.equal(manifest.check.goldens, 200);
    assert.equal(manifest.check.members, 3);
    assert.equal(manifest.check.maxError, 0);
    assert.ok(existsSync(join(dest, NB301_XGB_MANIFEST)));
    const bench = loadNb301Xgb(dest, 'nb301-xgb-test');
    assert.equal(bench.testIsValidation, true);
    const g = nb301Space.validate(goldens[0]!.genotype);
    const p = goldens[0]!.predictions;
    const mean = p.reduce((s, v) => s + v, 0) / p.length;
    const std = Math.sqrt(p.reduce((s, v) => s + (v - mean) ** 2, 0) / p.length);
    assert.ok(std > 0);
    const exact = bench.query(g, { rng: new Rng(1), repeat: 'mean' });
    assert.ok(Math.abs(exact.valid - mean / 100) < 1e-12);
    assert.equal(exact.test, exact.valid);
    const a = bench.query(g, { rng: new Rng(7) });
    const b = bench.query(g, { rng: new Rng(7) });
    assert.equal(a.valid, b.valid);
    assert.notEqual(a.valid, exact.valid);
    // Noise is N(0, std): over many draws, mean and spread match.
    const r = new Rng(3);
    const draws = Array.from({ length: 4000 }, () => bench.query(g, { rng: r }).valid * 100);
    const m = draws.reduce((s, v) => s + v, 0) / draws.length;
    const sd = Math.sqrt(draws.reduce((s, v) => s + (v - m) ** 2, 0) / draws.length);
    assert.ok(Math.abs(m - mean) < 4 * (std / Math.sqrt(draws.length)), `mean ${m} vs ${mean}`);
    assert.ok(Math.abs(sd / std - 1) < 0.06, `spread ${sd} vs ${std}`);
    const quiet = loadNb301Xgb(dest, 'quiet', { noise: false });
    assert.equal(quiet.query(g, { rng: new Rng(7) }).valid, exact.valid);
  } finally {
    tmp.cleanup();
  }
});

test('import refuses a golden mismatch and names the worst one; nothing is written', () => {
  const tmp = tempDir();
  try {
    const dir = join(tmp.path, 'export');
    writeExport(dir, { goldens: 20 });
    const golden = JSON.parse(readFileSync(join(dir, 'golden.json'), 'utf8'));
    golden.genotypes[13].predictions[2] += 2e-3;
    golden.genotypes[4].predictions[1] += 5e-4;
    writeFileSync(join(dir, 'golden.json'), JSON.stringify(golden));
    const dest = join(tmp.path, 'imported');
    assert.throws(() => importNb301Xgb(dir, dest), /worst mismatch 2\.000e-3 .* on golden genotype 13 .*member 2/);
    assert.ok(!existsSync(dest));
  } finally {
    tmp.cleanup();
  }
});

test('import refuses an export from another feature layout', () => {
  const tmp = tempDir();
  try {
    const dir = join(tmp.path, 'export');
    writeExport(dir, { goldens: 5 });
    const original = readFileSync(join(dir, 'metadata.json'), 'utf8');
    const meta = JSON.parse(original);
    // Choices in another order: the vectors no longer match NB301's.
    const edge = meta.features.find((f: Nb301FeatureSpec) => f.name === `${P}edge_reduce_3`);
    edge.choices.reverse();
    writeFileSync(join(dir, 'metadata.json'), JSON.stringify(meta));
    assert.throws(() => importNb301Xgb(dir, join(tmp.path, 'a')), /edge_reduce_3\) is \d in NB301's vector but archwalk builds \d; the export is from another feature layout/);
    // A feature missing altogether.
    const meta2 = JSON.parse(original);
    meta2.features = meta2.features.filter((f: Nb301FeatureSpec) => f.name !== `${P}inputs_node_reduce_4`);
    meta2.fixedVector.pop();
    writeFileSync(join(dir, 'metadata.json'), JSON.stringify(meta2));
    assert.throws(() => importNb301Xgb(dir, join(tmp.path, 'b')), /no feature for inputs_node_reduce_4/);
    // Members trained on a different number of features.
    const meta3 = JSON.parse(original);
    meta3.features.push({ name: 'Extra:thing', type: 'constant' });
    meta3.fixedVector.push(0);
    writeFileSync(join(dir, 'metadata.json'), JSON.stringify(meta3));
    assert.throws(() => importNb301Xgb(dir, join(tmp.path, 'c')), /member_0\.json takes \d+ features but metadata\.json lists \d+/);
    // Not an export at all.
    writeFileSync(join(dir, 'metadata.json'), '{"format": "something"}');
    assert.throws(() => importNb301Xgb(dir, join(tmp.path, 'd')), /not written by resources\/nb301\/export_xgb\.py/);
    assert.ok(!existsSync(join(tmp.path, 'a')) && !existsSync(join(tmp.path, 'c')));
  } finally {
    tmp.cleanup();
  }
});
