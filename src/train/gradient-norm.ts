/**
 * Gradient norms: the global norm of a list of tensors (a model's parameter gradients), the single number
 * training curves plot when they speak of "the gradient norm", e.g. the generator's gradient against
 * discriminator iterations (Arjovsky & Bottou 2017, Figure 2), computed on the backend so a loop can keep it as
 * a metric without a read-back; and the norm of the critic loss's gradient at each hidden layer of an MLP critic,
 * which shows weight clipping's exploding and vanishing gradients (Gulrajani et al. 2017, Figure 1b).
 */
import type { Scalar, Tensor, Tensor2D } from '@tensorflow/tfjs';
import { tf } from '../backend';
import { activate } from '../models/activations';
import type { Mlp } from '../models/mlp';
import { describe, integer, shape } from '../validate';

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

/**
 * The MLP critic's layers k+1, ..., L applied to h = h_k (h_0 = x, h_k the k-th hidden activation, L the number
 * of weight layers): D's output as a function of a hidden activation, so criticFromLayer(D, 0, x) = D.apply(x).
 */
export function criticFromLayer(critic: Mlp, k: number, h: Tensor2D): Tensor2D {
  const L = critic.params.length / 2;
  integer('criticFromLayer', 'k', k, 0);
  if (k >= L) throw new RangeError(`criticFromLayer: argument 'k' must be at most ${L - 1} (the critic '${critic.name}' has ${L - 1} hidden layers), got ${k}`);
  const width = k === 0 ? critic.options.inputDim : critic.options.hidden[k - 1];
  shape('criticFromLayer', 'h', h.shape, [null, width]);
  return tf.tidy(() => {
    let out = h;
    for (let i = k; i < L; i++) {
      const z = tf.add(tf.matMul(out, critic.params[2 * i]), critic.params[2 * i + 1]) as Tensor2D;
      out = activate(i < L - 1 ? critic.options.activation : critic.options.outputActivation, z) as Tensor2D;
    }
    return out;
  });
}

/**
 * ||d loss / d h_k|| for each hidden layer k = 1, ..., L - 1 of an MLP critic (index k - 1 of the result), with
 * loss = mean D(fake) - mean D(real) on the given batches (the WGAN critic loss) and the norm taken over the whole
 * [batch, width] gradient with {@link globalNorm} (no underflow at 1e-20). One read-back; for plots and checks.
 */
export function layerGradientNorms(critic: Mlp, real: Tensor2D, fake: Tensor2D): number[] {
  const fn = 'layerGradientNorms';
  shape(fn, 'real', real.shape, [null, critic.options.inputDim]);
  shape(fn, 'fake', fake.shape, [null, critic.options.inputDim]);
  const norms = tf.tidy(() => {
    const [n, m] = [real.shape[0], fake.shape[0]];
    const x = tf.concat([real, fake]) as Tensor2D;
    const weights = tf.concat([tf.fill([n, 1], -1 / n), tf.fill([m, 1], 1 / m)]); // loss = sum(weights * D(x))
    const hidden = critic.layers(x).slice(0, -1);
    return tf.stack(hidden.map((h, i) => globalNorm([tf.grad((hk: Tensor) => tf.sum(tf.mul(weights, criticFromLayer(critic, i + 1, hk as Tensor2D))))(h)])));
  });
  const values = Array.from(norms.dataSync());
  norms.dispose();
  return values;
}
