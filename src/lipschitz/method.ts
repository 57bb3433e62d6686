/**
 * How a critic is kept (roughly) Lipschitz during training, as one value that both training loops take
 * (createGan's and trainCritic's `lipschitz` option): none, weight clipping, a penalty added to the loss, or
 * spectral normalisation (of a critic built with spectrallyNormalized, see spectral-norm.ts).
 * WGAN and WGAN-GP differ here in one argument: `clipWeights(0.01)` against `penalize(...)`.
 */
import type { Scalar, Tensor2D } from '@tensorflow/tfjs';
import type { Model } from '../models/model';
import type { Rng } from '../random';
import { positive } from '../validate';

/** A penalty on the critic from a real and a generated batch, with the training run's random source (e.g. for interpolates). */
export type CriticPenalty = (critic: Model, real: Tensor2D, fake: Tensor2D, rng: Rng) => Scalar;

/** How the critic is kept (roughly) Lipschitz: not at all, by clipping its weights to [-c, c], by a penalty, or by spectral normalisation. */
export type Lipschitz =
  | { kind: 'none' }
  | { kind: 'clip'; c: number }
  | { kind: 'penalty'; penalty: CriticPenalty; /** Set by wganGp: what the compiled step needs to build the same penalty. */ compiled?: { weight: number } }
  | { kind: 'spectral'; /** An optional penalty added to the loss as well. */ penalty?: CriticPenalty };

/** No Lipschitz constraint (a standard GAN). */
export const noLipschitz: Lipschitz = { kind: 'none' };

/**
 * Weight clipping to [-c, c] (WGAN, Arjovsky et al. 2017, Algorithm 1): the training loops project the initial
 * weights into [-c, c] before the first update and clip again after every critic update.
 */
export function clipWeights(c: number): Lipschitz {
  positive('clipWeights', 'c', c);
  return { kind: 'clip', c };
}

/**
 * Spectral normalisation (Miyato et al. 2018): the critic must be built with `spectrallyNormalized(mlp(...), { seed })`;
 * the training loops take one power-iteration step before each critic update. An optional penalty is added to the loss too.
 */
export function spectralNorm(penalty?: CriticPenalty): Lipschitz {
  if (penalty !== undefined && typeof penalty !== 'function') {
    throw new RangeError("spectralNorm: argument 'penalty' must be a function (critic, real, fake, rng) => Scalar, or left out");
  }
  return penalty ? { kind: 'spectral', penalty } : { kind: 'spectral' };
}

/** The penalty a Lipschitz method adds to the critic's loss, if any. */
export function lipschitzPenalty(l: Lipschitz): CriticPenalty | null {
  return (l.kind === 'penalty' || l.kind === 'spectral') && l.penalty ? l.penalty : null;
}

/** A penalty added to the critic's loss, e.g. `penalize((D, r, f, rng) => gradientPenalty(D, r, f, { weight: 10, rng }))`. */
export function penalize(penalty: CriticPenalty): Lipschitz {
  if (typeof penalty !== 'function') throw new RangeError("penalize: argument 'penalty' must be a function (critic, real, fake, rng) => Scalar");
  return { kind: 'penalty', penalty };
}
