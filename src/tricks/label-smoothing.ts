/**
 * One-sided label smoothing (Salimans et al. 2016, "Improved Techniques for Training GANs", Section 3.4): train the
 * discriminator towards a soft target alpha (e.g. 0.9) on real data instead of 1, and keep the target on
 * generated data at beta = 0. The optimal discriminator becomes
 *
 *   D(x) = (alpha p_data(x) + beta p_g(x)) / (p_data(x) + p_g(x)),
 *
 * and the paper argues for beta = 0: with beta > 0 (two-sided smoothing), where p_data is small and p_g large the
 * discriminator no longer pushes the generator's samples towards the data.
 */
import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { tf } from '../backend';
import { sigmoid } from '../numerics/special';
import type { Density1D } from '../distributions/density';
import { describe, inRange } from '../validate';
import { withForm, type CriticLossForm } from '../compiled/forms';

function logits(fn: string, name: string, t: unknown): Tensor {
  if (!(t instanceof tf.Tensor) || t.size === 0) {
    throw new RangeError(`${fn}: argument '${name}' must be a non-empty tensor of logits, got ${describe(t)}`);
  }
  return t;
}

/** Options of {@link smoothedDiscriminatorLoss}. */
export interface LabelSmoothingOptions {
  /** alpha, the target on real data (default 0.9, the one-sided smoothing of the paper); in [0, 1]. */
  realTarget?: number;
  /** beta, the target on generated data (default 0; > 0 is two-sided smoothing, which the paper advises against); in [0, 1]. */
  fakeTarget?: number;
}

/**
 * Binary cross-entropy with soft targets, on logits l (D = sigmoid(l)), averaged over each batch:
 *   E_real[-alpha log D - (1 - alpha) log(1 - D)] + E_fake[-beta log D - (1 - beta) log(1 - D)]
 *   = E_real[alpha softplus(-l) + (1 - alpha) softplus(l)] + E_fake[beta softplus(-l) + (1 - beta) softplus(l)],
 * exact for logits of any size (Salimans et al. 2016, Section 3.4). Each term is minimised at sigmoid(l) = its
 * target; alpha = 1, beta = 0 is the minimax discriminator loss.
 */
export function smoothedDiscriminatorLoss(realLogits: Tensor, fakeLogits: Tensor, options: LabelSmoothingOptions = {}): Scalar {
  const fn = 'smoothedDiscriminatorLoss';
  const r = logits(fn, 'realLogits', realLogits);
  const f = logits(fn, 'fakeLogits', fakeLogits);
  const alpha = inRange(fn, 'realTarget', options.realTarget ?? 0.9, 0, 1);
  const beta = inRange(fn, 'fakeTarget', options.fakeTarget ?? 0, 0, 1);
  const bce = (l: Tensor, target: number) =>
    tf.mean(tf.add(tf.mul(target, tf.softplus(tf.neg(l))), tf.mul(1 - target, tf.softplus(l))));
  return tf.tidy(() => tf.add(bce(r, alpha), bce(f, beta)) as Scalar);
}

/**
 * Label smoothing as createGan's `criticLoss`: {@link smoothedDiscriminatorLoss} with these targets (default
 * one-sided, alpha = 0.9, beta = 0; Salimans et al. 2016, Section 3.4). trainGan's compiled step can build it.
 */
export function labelSmoothing(options: LabelSmoothingOptions = {}): (realLogits: Tensor, fakeLogits: Tensor) => Scalar {
  const realTarget = inRange('labelSmoothing', 'realTarget', options.realTarget ?? 0.9, 0, 1);
  const fakeTarget = inRange('labelSmoothing', 'fakeTarget', options.fakeTarget ?? 0, 0, 1);
  const loss = (r: Tensor, f: Tensor) => smoothedDiscriminatorLoss(r, f, { realTarget, fakeTarget });
  return withForm<typeof loss, CriticLossForm>(loss, { kind: 'cross-entropy', realTarget, fakeTarget });
}

/**
 * The discriminator that minimises {@link smoothedDiscriminatorLoss} for fixed densities:
 * D(x) = (alpha p_data(x) + beta p_g(x)) / (p_data(x) + p_g(x)) = alpha D*(x) + beta (1 - D*(x)), with D* the
 * optimal discriminator of Goodfellow et al. 2014, computed from log p_data - log p_g so the tails stay finite
 * (Salimans et al. 2016, Section 3.4). alpha = 1, beta = 0 gives D* itself.
 */
export function smoothedOptimalDiscriminator(pData: Density1D, pG: Density1D, alpha = 0.9, beta = 0): (x: number) => number {
  const fn = 'smoothedOptimalDiscriminator';
  inRange(fn, 'alpha', alpha, 0, 1);
  inRange(fn, 'beta', beta, 0, 1);
  return (x) => {
    const t = pData.logPdf(x) - pG.logPdf(x);
    return alpha * sigmoid(t) + beta * sigmoid(-t);
  };
}
