/**
 * What a sound YAHPO NB301 model must be. A damaged model still opens and runs: with 50
 * weight bytes flipped, YAHPO's new_model.onnx predicted 100.00 % (or 0 %, or ~99.8 %) for
 * every architecture, which the import's old smoke check (a percentage in (0, 100]) let
 * through. Two checks now:
 *
 * 1. The model file is pinned by SHA-256: the new_model.onnx of slds-lmu/yahpo_data nb301
 *    @ 152cd0c. Any other file is refused unless the import says `unpinnedModel` (a newer
 *    YAHPO release).
 * 2. Reference predictions: six architectures whose predictions by the pinned model were
 *    recorded (archwalk 2026-12, onnxruntime-web wasm). The pinned model must reproduce them
 *    within PINNED_TOLERANCE, which also catches an encoding.json that codes the inputs
 *    differently. An unpinned model must come within UNPINNED_TOLERANCE_POINTS of each: a
 *    surrogate trained on the same NB301 data agrees to a few points, a damaged one does not.
 */
import { parseCompact, parseDarts, type Nb301Genotype } from '../../spaces/nb301/genotype.ts';

export const YAHPO_NB301_MODEL_SHA256 = '3c6a6fb3a70998bf6c55883bdc5cc71cff190e1859468d72cc6960b88f06d280';

/** Accuracy as a fraction: 1e-4 is 0.01 percentage points, far above float32 noise at ~95 %. */
export const PINNED_TOLERANCE = 1e-4;
/** Percentage points an unpinned model may differ from the pinned one on a reference architecture. */
export const UNPINNED_TOLERANCE_POINTS = 3;

export interface YahpoReference {
  genotype: Nb301Genotype;
  /** How errors name it. */
  label: string;
  epoch: number;
  validPercent: number;
}

/** The architecture from nasbench301's example.py: the import's smoke query. */
export const NB301_SMOKE_GENOTYPE = parseDarts(
  "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])",
);

/** Four architectures drawn once (seed 7), in NASLib's compact notation. */
const DRAWN = [
  '[[(0, 2), (1, 6), (1, 1), (2, 6), (1, 1), (2, 4), (3, 4), (2, 1)], [(0, 2), (1, 2), (1, 5), (2, 1), (2, 0), (0, 0), (0, 6), (3, 2)]]',
  '[[(0, 1), (1, 5), (0, 3), (1, 2), (3, 4), (0, 5), (3, 1), (2, 2)], [(1, 3), (0, 0), (0, 1), (2, 6), (3, 2), (0, 5), (4, 3), (1, 5)]]',
  '[[(0, 4), (1, 6), (1, 3), (0, 2), (1, 6), (2, 6), (1, 1), (0, 3)], [(1, 3), (0, 4), (1, 5), (0, 0), (3, 5), (2, 2), (0, 3), (1, 2)]]',
  '[[(0, 1), (1, 1), (0, 5), (1, 0), (1, 6), (2, 0), (3, 3), (2, 1)], [(0, 5), (1, 0), (1, 4), (2, 3), (2, 3), (0, 4), (2, 2), (1, 5)]]',
] as const;

export const YAHPO_REFERENCES: readonly YahpoReference[] = [
  { genotype: NB301_SMOKE_GENOTYPE, label: "nasbench301's example architecture", epoch: 98, validPercent: 95.46026611328125 },
  { genotype: parseCompact(DRAWN[0]), label: 'reference architecture 1', epoch: 98, validPercent: 93.6632080078125 },
  { genotype: parseCompact(DRAWN[1]), label: 'reference architecture 2', epoch: 98, validPercent: 94.49737548828125 },
  { genotype: parseCompact(DRAWN[2]), label: 'reference architecture 3', epoch: 98, validPercent: 95.28662872314453 },
  { genotype: parseCompact(DRAWN[3]), label: 'reference architecture 4', epoch: 98, validPercent: 93.6763916015625 },
  // Epoch 1: the fidelity input matters too.
  { genotype: parseCompact(DRAWN[0]), label: 'reference architecture 1 at epoch 1', epoch: 1, validPercent: 37.63832092285156 },
];

/**
 * The first reference the predictions miss, as a sentence; null when all agree. `predicted`
 * holds the model's validation accuracy in percent for each of YAHPO_REFERENCES, in order.
 */
export function referenceMismatch(predicted: readonly number[], pinned: boolean): string | null {
  const tolerance = pinned ? PINNED_TOLERANCE * 100 : UNPINNED_TOLERANCE_POINTS;
  for (let i = 0; i < YAHPO_REFERENCES.length; i++) {
    const ref = YAHPO_REFERENCES[i]!;
    const got = predicted[i]!;
    if (!Number.isFinite(got) || Math.abs(got - ref.validPercent) > tolerance) {
      return `it predicts ${Number.isFinite(got) ? got.toFixed(4) : String(got)} % for ${ref.label} at epoch ${ref.epoch}, where the YAHPO model predicts ${ref.validPercent.toFixed(4)} % (allowed difference ${pinned ? `${tolerance} points` : `${tolerance} points for an unpinned model`})`;
    }
  }
  return null;
}
