/** NAS-Bench-201's operations, in the order this space numbers them (its own module, so encodings can import it without a cycle through space.ts). */
export const NB201_OPS = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'] as const;
export type Nb201Op = (typeof NB201_OPS)[number];
