/**
 * An exponential moving average of a model's weights, kept in a second copy of the model for sampling:
 * after each optimiser step, target <- beta target + (1 - beta) source. Generators sampled from their averaged
 * weights give smoother, better samples than the last iterate (Karras et al. 2018, Progressive GANs; Yazıcı et al.
 * 2019; ALAE, Pidhorskyi et al. 2020, samples from a moving average of F and G). Updated in place on the backend.
 */
import type { Variable } from '@tensorflow/tfjs';
import { tf } from '../backend';
import { fail, inRange, positive } from '../validate';

/** Options of {@link weightAverage}. */
export interface WeightAverageOptions {
  /** beta in [0, 1): the weight of the old average per update (default 0.999). */
  beta?: number;
}

/** The average: the source and target variables, and the update. */
export interface WeightAverage {
  /** The trained variables. */
  readonly source: readonly Variable[];
  /** The averaged variables (another model's params), same shapes. */
  readonly target: readonly Variable[];
  /** beta of target <- beta target + (1 - beta) source. */
  readonly beta: number;
  /** One averaging step: target <- beta target + (1 - beta) source. */
  update(): void;
}

/**
 * The beta whose average halves the weight of an update after `halfLife` samples at `batchSize` per step:
 * beta = 0.5^(batchSize / halfLife) (StyleGAN's and ALAE's code: a half-life of 10,000 images).
 */
export function emaBetaForHalfLife(halfLife: number, batchSize: number): number {
  positive('emaBetaForHalfLife', 'halfLife', halfLife);
  positive('emaBetaForHalfLife', 'batchSize', batchSize);
  return Math.pow(0.5, batchSize / halfLife);
}

/**
 * Starts averaging `source` into `target` (e.g. `weightAverage(G.params, Gavg.params)`, Gavg an mlp with G's
 * options): copies source into target now, then `update()` after each optimiser step moves target towards source.
 */
export function weightAverage(source: readonly Variable[], target: readonly Variable[], options: WeightAverageOptions = {}): WeightAverage {
  const fn = 'weightAverage';
  const beta = options.beta ?? 0.999;
  inRange(fn, 'beta', beta, 0, 1);
  if (beta === 1) fail(fn, 'beta', 'a number in [0, 1) (1 would never move the average)', beta);
  if (!Array.isArray(source) || source.length === 0) fail(fn, 'source', 'a non-empty array of tf.Variables', source);
  if (!Array.isArray(target) || target.length !== source.length) fail(fn, 'target', `an array of ${source.length} tf.Variables (one per source variable)`, target);
  source.forEach((s, i) => {
    const t = target[i];
    if (!(s instanceof tf.Variable)) fail(fn, `source[${i}]`, 'a tf.Variable', s);
    if (!(t instanceof tf.Variable)) fail(fn, `target[${i}]`, 'a tf.Variable', t);
    if (s.shape.join(',') !== t.shape.join(',')) fail(fn, `target[${i}]`, `a variable of shape [${s.shape}] like source[${i}]`, t.shape);
    if (s === t) fail(fn, `target[${i}]`, 'a different variable from source[' + i + ']', 'the same variable');
  });
  tf.tidy(() => target.forEach((t, i) => t.assign(source[i])));
  return {
    source: [...source],
    target: [...target],
    beta,
    update: () => tf.tidy(() => target.forEach((t, i) => t.assign(tf.add(tf.mul(beta, t), tf.mul(1 - beta, source[i]))))),
  };
}
