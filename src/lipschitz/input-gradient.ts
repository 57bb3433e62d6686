/**
 * The gradient of a critic with respect to its input, per example: the quantity every gradient-based Lipschitz
 * method (WGAN-GP's gradient penalty, R1, R2) constrains. Computed by autodiff inside the caller's gradient, so
 * the penalty's parameter gradient is a second derivative of the critic (see models/second-order).
 */
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs';
import { tf } from '../backend';
import type { Model } from '../models/model';
import { shape } from '../validate';

/**
 * grad_x D(x) for each row of x, shape [batch, dim] (the critic scores a batch: [batch, dim] -> [batch, 1]): the
 * gradient of sum_i D(x_i), which is per example because each score depends only on its own row (no batch
 * normalisation in the critic).
 */
export function criticInputGradient(critic: Model, x: Tensor2D): Tensor2D {
  const fn = 'criticInputGradient';
  shape(fn, 'x', x.shape, [null, null]);
  return tf.grad((xx: Tensor) => {
    const scores = critic.apply(xx as Tensor2D);
    shape(fn, 'critic.apply(x)', scores.shape, [x.shape[0], 1]);
    return tf.sum(scores);
  })(x) as Tensor2D;
}

/** ||grad_x D(x_i)||^2 for each row x_i of x, shape [batch]. */
export function inputGradientSquaredNorms(critic: Model, x: Tensor2D): Tensor1D {
  return tf.tidy(() => tf.sum(tf.square(criticInputGradient(critic, x)), 1) as Tensor1D);
}
