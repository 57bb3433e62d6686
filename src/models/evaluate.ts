/**
 * Between plain arrays and models, for plots, checks and 1D samplers: a column tensor from an array, and a
 * model's outputs on an array (not for training loops' metrics: applyToArray reads back).
 */
import type { Tensor2D } from '@tensorflow/tfjs';
import { tf } from '../backend';
import { sigmoid } from '../numerics/special';
import { finiteArray, integer } from '../validate';
import type { Model } from './model';

/** The numbers xs as a column, a float32 tensor of shape [n, 1] (n 1D points; the caller disposes it). */
export function column(xs: ArrayLike<number>): Tensor2D {
  if (xs === null || typeof xs !== 'object' || typeof xs.length !== 'number') {
    throw new RangeError("column: argument 'xs' must be an array of numbers (a Float32Array, a Float64Array or number[])");
  }
  return tf.tensor2d(Float32Array.from(xs), [xs.length, 1]);
}

/**
 * The model's outputs on points given as a flat array (row-major, `inputDim` numbers per point),
 * as a flat Float32Array (`outputDim` numbers per point). One read-back, after the tidy.
 */
export function applyToArray(model: Model, points: ArrayLike<number>, inputDim = 1): Float32Array {
  integer('applyToArray', 'inputDim', inputDim);
  finiteArray('applyToArray', 'points', points);
  if (points.length % inputDim !== 0) {
    throw new RangeError(`applyToArray: argument 'points' must hold a multiple of inputDim = ${inputDim} numbers, got ${points.length}`);
  }
  const out = tf.tidy(() => model.apply(tf.tensor2d(Float32Array.from(points), [points.length / inputDim, inputDim])));
  const values = out.dataSync() as Float32Array;
  out.dispose();
  return values;
}

/** The logistic sigmoid 1 / (1 + e^-t) of each entry, stable for large |t| (for turning logits into D). */
export function sigmoidArray(logits: ArrayLike<number>): Float64Array {
  const out = new Float64Array(logits.length);
  for (let i = 0; i < logits.length; i++) {
    const t = logits[i];
    out[i] = sigmoid(t);
  }
  return out;
}
