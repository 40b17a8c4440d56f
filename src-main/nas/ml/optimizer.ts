/** Which Adam a backend gets (see adam.ts for why there are two). */
import * as tf from '@tensorflow/tfjs-core';
import { TensorAdam, type AdamOptions, type Optimizer } from './adam.ts';
import { FlatAdam } from './flat-adam.ts';

/** Flat on wasm and cpu (dispatch-bound), tensor ops on native tensorflow (moments stay on the device). */
export function createAdam(options: AdamOptions, backendName: string = tf.getBackend()): Optimizer {
  return backendName === 'wasm' || backendName === 'cpu' ? new FlatAdam(options) : new TensorAdam(options);
}
