/**
 * NAS-Bench-101 vocabulary: operation names, the integer labels the official hash uses,
 * and the limits of the space (google-research/nasbench lib/config.py).
 */

export const INPUT = 'input';
export const OUTPUT = 'output';
export const CONV3X3 = 'conv3x3-bn-relu';
export const CONV1X1 = 'conv1x1-bn-relu';
export const MAXPOOL3X3 = 'maxpool3x3';

/** config['available_ops'] in the official order; an op's index here is its hash label. */
export const NB101_INTERIOR_OPS = [CONV3X3, CONV1X1, MAXPOOL3X3] as const;
/** Every vertex label, in the order of the one-hot encoding. */
export const NB101_OPS = [INPUT, CONV3X3, CONV1X1, MAXPOOL3X3, OUTPUT] as const;

export type Nb101InteriorOp = (typeof NB101_INTERIOR_OPS)[number];
export type Nb101Op = (typeof NB101_OPS)[number];

/** Vertices including input and output (config['module_vertices']). */
export const NB101_MAX_VERTICES = 7;
/** config['max_edges'], counted after pruning. */
export const NB101_MAX_EDGES = 9;
/** Number of unique cells (official count, graph_util hash classes). */
export const NB101_SIZE = 423_624;

/**
 * Integer labels as ModelSpec.hash_spec builds them: -1 input, -2 output, otherwise the
 * op's index in available_ops. The same numbers code operations in the NB101 JSON
 * exports (with -3 as padding).
 */
export const LABEL_INPUT = -1;
export const LABEL_OUTPUT = -2;

export function opLabel(op: Nb101Op): number {
  switch (op) {
    case INPUT:
      return LABEL_INPUT;
    case OUTPUT:
      return LABEL_OUTPUT;
    case CONV3X3:
      return 0;
    case CONV1X1:
      return 1;
    case MAXPOOL3X3:
      return 2;
  }
}

export function labelOp(label: number): Nb101Op {
  switch (label) {
    case LABEL_INPUT:
      return INPUT;
    case LABEL_OUTPUT:
      return OUTPUT;
    case 0:
      return CONV3X3;
    case 1:
      return CONV1X1;
    case 2:
      return MAXPOOL3X3;
    default:
      throw new RangeError(`${label} is not a NAS-Bench-101 op label (-1 input, 0 conv3x3, 1 conv1x1, 2 maxpool, -2 output)`);
  }
}

export function isNb101Op(value: unknown): value is Nb101Op {
  return typeof value === 'string' && (NB101_OPS as readonly string[]).includes(value);
}
