/**
 * The gradient penalty of WGAN-GP (Gulrajani et al. 2017, "Improved Training of Wasserstein GANs", eq. 3):
 * a soft version of the critic's 1-Lipschitz constraint, lambda E[(||grad_x D(x_hat)|| - 1)^2] on random
 * interpolates x_hat between real and generated examples, and its one-sided variant
 * lambda E[max(0, ||grad_x D(x_hat)|| - 1)^2] (Petzka et al. 2018, "On the regularization of Wasserstein GANs").
 */
import type { Scalar, Tensor2D } from '@tensorflow/tfjs';
import { tf } from '../backend';
import { Rng } from '../random';
import { integer, nonNegative, oneOf, positive } from '../validate';
import type { Model } from '../models/model';
import type { Lipschitz } from './method';
import { inputGradientSquaredNorms } from './input-gradient';
import { checkSameShape, randomInterpolates } from './interpolates';

/** Where the penalty is evaluated: random interpolates (WGAN-GP), the real batch, or the generated batch. */
export type PenaltyAnchor = 'interpolates' | 'real' | 'fake';
/** Two-sided (||g|| - t)^2 pulls every norm to the target; one-sided max(0, ||g|| - t)^2 only penalises norms above it. */
export type PenaltyForm = 'two-sided' | 'one-sided';

/** Options of {@link gradientPenalty}. */
export interface GradientPenaltyOptions {
  /** lambda, the penalty's weight (default 10, the paper's value); >= 0. */
  weight?: number;
  /** Where to evaluate the input gradient (default 'interpolates'). */
  anchor?: PenaltyAnchor;
  /** 'two-sided' (default, WGAN-GP) or 'one-sided' (Petzka et al. 2018). */
  form?: PenaltyForm;
  /** The target norm t (default 1, for a 1-Lipschitz critic); >= 0. */
  target?: number;
  /**
   * Added to ||g||^2 inside the square root (default 1e-12), so the norm's gradient stays finite (0, not NaN)
   * where the input gradient vanishes; it moves a norm by at most sqrt(1e-12) = 1e-6. > 0.
   */
  epsilon?: number;
  /** Random source of the interpolation weights (advanced on each call); give this or `seed` for 'interpolates'. */
  rng?: Rng;
  /** Seed of the interpolation weights: the same seed gives the same weights on every call. */
  seed?: number;
}

const ANCHORS: readonly PenaltyAnchor[] = ['interpolates', 'real', 'fake'];
const FORMS: readonly PenaltyForm[] = ['two-sided', 'one-sided'];

/**
 * lambda E[(||grad_x D(x_hat)|| - t)^2] (two-sided) or lambda E[max(0, ||grad_x D(x_hat)|| - t)^2] (one-sided),
 * with ||g|| = sqrt(sum g^2 + epsilon), x_hat = eps real + (1 - eps) fake and eps ~ U[0, 1] per example
 * (Gulrajani et al. 2017, eq. 3 and Algorithm 1). Differentiable with respect to the critic's parameters.
 */
export function gradientPenalty(critic: Model, real: Tensor2D, fake: Tensor2D, options: GradientPenaltyOptions = {}): Scalar {
  const fn = 'gradientPenalty';
  checkSameShape(fn, real, fake);
  const weight = nonNegative(fn, 'weight', options.weight ?? 10);
  const anchor = oneOf(fn, 'anchor', options.anchor ?? 'interpolates', ANCHORS);
  const form = oneOf(fn, 'form', options.form ?? 'two-sided', FORMS);
  const target = nonNegative(fn, 'target', options.target ?? 1);
  const epsilon = positive(fn, 'epsilon', options.epsilon ?? 1e-12);
  let rng: Rng | null = null;
  if (anchor === 'interpolates') {
    if (options.rng !== undefined && options.seed !== undefined) {
      throw new RangeError(`${fn}: give either option 'rng' or option 'seed' for the interpolation weights, not both`);
    }
    if (options.rng !== undefined) {
      if (!(options.rng instanceof Rng)) throw new RangeError(`${fn}: option 'rng' must be an Rng (from wgan-lab's random module)`);
      rng = options.rng;
    } else if (options.seed !== undefined) {
      rng = new Rng(integer(fn, 'seed', options.seed, 0));
    } else {
      throw new RangeError(`${fn}: anchor 'interpolates' needs random interpolation weights: give option 'rng' (an Rng) or 'seed'`);
    }
  }
  return tf.tidy(() => {
    const x = rng !== null ? randomInterpolates(real, fake, rng) : anchor === 'real' ? real : fake;
    const norms = tf.sqrt(tf.add(inputGradientSquaredNorms(critic, x), epsilon));
    const gap = tf.sub(norms, target);
    const excess = form === 'two-sided' ? gap : tf.relu(gap);
    return tf.mul(weight, tf.mean(tf.square(excess))) as Scalar;
  });
}

/**
 * The WGAN-GP penalty as a Lipschitz method: like `penalize` of the two-sided {@link gradientPenalty} at random
 * interpolates with this weight and the run's random source. The same as writing it out, and the one form
 * trainGan's compiled step can build (it knows the weight).
 */
export function wganGp(options: { weight?: number } = {}): Lipschitz {
  const weight = nonNegative('wganGp', 'weight', options.weight ?? 10);
  return { kind: 'penalty', penalty: (critic, real, fake, rng) => gradientPenalty(critic, real, fake, { weight, rng }), compiled: { weight } };
}
