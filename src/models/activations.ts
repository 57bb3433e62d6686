/**
 * The activation functions the model builders offer, by name.
 *
 * A gradient penalty differentiates a gradient, so every activation here has a correct second derivative under
 * TF.js autodiff. leakyRelu, tanh, sigmoid and elu are replaced by the versions in ./second-order, which says what
 * is wrong with TF.js's own and how the fix was verified; relu is replaced too, for speed (TF.js's is right);
 * softplus and linear are TF.js's own (their second derivatives are right). tests/unit/second-order.test.ts
 * checks each against closed forms, and tests/unit/penalty-gradients.test.ts checks every penalty's gradient by
 * finite differences.
 */
import { tf } from '../backend';
import type { Tensor } from '@tensorflow/tfjs';
import * as secondOrder from './second-order';

/** Names of the activations the builders accept. */
export const ACTIVATIONS = ['relu', 'leakyRelu', 'tanh', 'elu', 'softplus', 'sigmoid', 'linear'] as const;
/** One of {@link ACTIVATIONS}. */
export type Activation = (typeof ACTIVATIONS)[number];

/** Slope of leakyRelu for negative inputs (the WGAN-GP and DCGAN codes use 0.2). */
export const LEAKY_RELU_ALPHA = 0.2;

/** The uniform initialisation bound of a layer's weights: He (sqrt(6 / fanIn)) before a ReLU-like activation, Glorot (sqrt(6 / (fanIn + fanOut))) otherwise. */
export function initLimit(activation: Activation, fanIn: number, fanOut: number): number {
  return (['relu', 'leakyRelu', 'elu'] as Activation[]).includes(activation) ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
}

const leakyRelu = secondOrder.leakyRelu(LEAKY_RELU_ALPHA);

/**
 * Applies the named activation elementwise: relu max(0, x); leakyRelu x or 0.2 x; tanh; elu x or e^x - 1
 * (Clevert et al. 2016); softplus log(1 + e^x); sigmoid 1 / (1 + e^-x); linear x.
 */
export function activate(name: Activation, x: Tensor): Tensor {
  switch (name) {
    case 'relu':
      return secondOrder.relu(x);
    case 'leakyRelu':
      return leakyRelu(x);
    case 'tanh':
      return secondOrder.tanh(x);
    case 'elu':
      return secondOrder.elu(x);
    case 'softplus':
      return tf.softplus(x);
    case 'sigmoid':
      return secondOrder.sigmoid(x);
    case 'linear':
      return x;
  }
}
