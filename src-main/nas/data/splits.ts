/** Seeded train/validation/test splits by index, so the same seed always holds out the same examples. */
import type { Rng } from '../rng.ts';

export interface Split {
  train: Uint32Array;
  validation: Uint32Array;
  test: Uint32Array;
}

export function splitIndices(count: number, sizes: { validation: number; test: number; train?: number }, rng: Rng): Split {
  const { validation, test } = sizes;
  for (const [name, n] of Object.entries({ validation, test, train: sizes.train ?? 0 })) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`the ${name} split must be a non-negative integer, got ${n}`);
  }
  // Without an explicit train size, training takes every example the other two leave.
  const train = sizes.train ?? count - validation - test;
  if (train < 0 || train + validation + test > count) {
    throw new RangeError(`splits of ${sizes.train ?? 'the rest'} (train) + ${validation} (validation) + ${test} (test) exceed the ${count} examples`);
  }
  const order = rng.shuffle(Array.from({ length: count }, (_, i) => i));
  return {
    train: Uint32Array.from(order.slice(0, train)),
    validation: Uint32Array.from(order.slice(train, train + validation)),
    test: Uint32Array.from(order.slice(train + validation, train + validation + test)),
  };
}
