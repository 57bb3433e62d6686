/**
 * The activation functions the model builders offer, by name.
 *
 * Note for gradient penalties: a penalty differentiates a gradient, so every activation here must have a
 * correct second derivative in TF.js. See the finite-difference tests in tests/unit.
 */
import { tf } from '../backend';
import type { Tensor } from '@tensorflow/tfjs';

/** Names of the activations the builders accept. */
export const ACTIVATIONS = ['relu', 'leakyRelu', 'tanh', 'elu', 'softplus', 'sigmoid', 'linear'] as const;
/** One of {@link ACTIVATIONS}. */
export type Activation = (typeof ACTIVATIONS)[number];

/** Slope of leakyRelu for negative inputs (the WGAN-GP and DCGAN codes use 0.2). */
export const LEAKY_RELU_ALPHA = 0.2;

/** Applies the named activation elementwise. */
export function activate(name: Activation, x: Tensor): Tensor {
  switch (name) {
    case 'relu':
      return tf.relu(x);
    case 'leakyRelu':
      return tf.leakyRelu(x, LEAKY_RELU_ALPHA);
    case 'tanh':
      return tf.tanh(x);
    case 'elu':
      return tf.elu(x);
    case 'softplus':
      return tf.softplus(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'linear':
      return x;
  }
}
