/**
 * R1 and R2, the zero-centred gradient penalties of Mescheder et al. 2018 ("Which Training Methods for GANs do
 * actually Converge?", eq. 9 and 10): (gamma/2) E||grad_x D(x)||^2 on real examples (R1) or on generated ones (R2).
 * They pull the critic's gradient to zero on the data, which makes the GAN game locally convergent.
 */
import type { Scalar, Tensor2D } from '@tensorflow/tfjs';
import { tf } from '../backend';
import { nonNegative } from '../validate';
import type { Model } from '../models/model';
import { inputGradientSquaredNorms } from './input-gradient';

/** Options of {@link r1Penalty} and {@link r2Penalty}. */
export interface ZeroCentredPenaltyOptions {
  /** gamma, the penalty's weight (default 10, as in Mescheder et al. 2018's experiments); >= 0. */
  gamma?: number;
}

function zeroCentred(fn: string, name: string, critic: Model, x: Tensor2D, options: ZeroCentredPenaltyOptions): Scalar {
  const gamma = nonNegative(fn, 'gamma', options.gamma ?? 10);
  if (!(x instanceof tf.Tensor) || x.rank !== 2) {
    throw new RangeError(`${fn}: argument '${name}' must be a 2-D tensor [batch, dim]`);
  }
  return tf.tidy(() => tf.mul(gamma / 2, tf.mean(inputGradientSquaredNorms(critic, x))) as Scalar);
}

/** R1 = (gamma/2) E_real ||grad_x D(x)||^2 (Mescheder et al. 2018, eq. 9). */
export function r1Penalty(critic: Model, real: Tensor2D, options: ZeroCentredPenaltyOptions = {}): Scalar {
  return zeroCentred('r1Penalty', 'real', critic, real, options);
}

/** R2 = (gamma/2) E_fake ||grad_x D(x)||^2 (Mescheder et al. 2018, eq. 10). */
export function r2Penalty(critic: Model, fake: Tensor2D, options: ZeroCentredPenaltyOptions = {}): Scalar {
  return zeroCentred('r2Penalty', 'fake', critic, fake, options);
}
