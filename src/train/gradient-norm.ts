/**
 * The global norm of a list of tensors (a model's parameter gradients): the single number training curves plot
 * when they speak of "the gradient norm", e.g. the generator's gradient against discriminator iterations
 * (Arjovsky & Bottou 2017, Figure 2). Computed on the backend, so a loop can keep it as a metric without a read-back.
 */
import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { tf } from '../backend';
import { describe } from '../validate';

/**
 * ||(g_1, ..., g_n)||_2 = sqrt(sum_i sum_j g_ij^2) over every entry of every tensor. Computed as
 * m * sqrt(sum (g / m)^2) with m = max |g_ij|, so it does not underflow to 0 in float32 when the entries are
 * tiny (a vanishing gradient of 1e-25 squares to 1e-50, below float32's range) nor overflow when they are huge.
 * Exactly 0 when every entry is 0.
 */
export function globalNorm(tensors: Tensor[]): Scalar {
  if (!Array.isArray(tensors) || tensors.length === 0 || !tensors.every((t) => t instanceof tf.Tensor)) {
    throw new RangeError(`globalNorm: argument 'tensors' must be a non-empty array of tensors, got ${describe(tensors)}`);
  }
  return tf.tidy(() => {
    const largest = tf.max(tf.stack(tensors.map((t) => tf.max(tf.abs(t)))));
    // Dividing by max(m, 1e-37) (a normal float32) keeps an all-zero gradient at 0 instead of 0/0.
    const scale = tf.maximum(largest, 1e-37);
    const sumOfSquares = tf.addN(tensors.map((t) => tf.sum(tf.square(tf.div(t, scale)))));
    return tf.mul(scale, tf.sqrt(sumOfSquares)) as Scalar;
  });
}
