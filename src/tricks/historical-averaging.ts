/**
 * Historical averaging (Salimans et al. 2016, "Improved Techniques for Training GANs", Section 3.3): each player
 * adds to its cost the term
 *
 *   weight * || theta - (1/t) sum_{i=1}^t theta[i] ||^2,
 *
 * the squared distance of its parameters from their average over the past, which damps the oscillations of
 * gradient descent in a game (the paper's inspiration is fictitious play). The average is kept on the backend in
 * tf.Variables, one per parameter, updated in place (no read-back): call `update()` after each optimiser step.
 */
import type { Scalar, Variable } from '@tensorflow/tfjs';
import { tf } from '../backend';
import { fail, inRange, nonNegative } from '../validate';
import { uniqueScope } from '../models/model';
import { withForm, type RegularizerForm } from '../compiled/forms';

/** Options of {@link historicalAverage}. */
export interface HistoricalAverageOptions {
  /**
   * Leave out (default) for the paper's average over all of training, (1/t) sum_i theta[i]. A number in [0, 1)
   * instead keeps an exponential moving average, mean <- decay mean + (1 - decay) theta, which forgets the early,
   * far-off parameters (a common variant, not the paper's).
   */
  decay?: number;
}

/** The running average of some parameters, and the penalty that pulls the parameters towards it. */
export interface HistoricalAverage {
  /** How many parameter values the average holds: 1 at creation (the initial parameters), +1 per update(). */
  readonly count: number;
  /** Adds the current parameters to the average: mean_t = mean_{t-1} + (theta - mean_{t-1}) / t (or the EMA). */
  update(): void;
  /** weight * sum over parameters of ||theta - mean||^2, a Scalar differentiable in the parameters (the means are constants). */
  penalty(weight: number): Scalar;
  /** `() => penalty(weight)`, as createGan's criticRegularizer or generatorRegularizer (trainGan's compiled step can build it). */
  regularizer(weight: number): () => Scalar;
  /** The parameters averaged (the model's own variables, not copies). */
  readonly params: readonly Variable[];
  /** The running averages, one non-trainable variable per parameter, same shapes. */
  readonly averages: readonly Variable[];
  /** Frees the averages (not the parameters). */
  dispose(): void;
}

/**
 * Starts a running average of `params` (Salimans et al. 2016, Section 3.3) at their current values (t = 1).
 * Use one per player: `const avg = historicalAverage(critic.params)`, add `avg.penalty(w)` to the critic's loss,
 * and call `avg.update()` after each of its optimiser steps.
 */
export function historicalAverage(params: readonly Variable[], options: HistoricalAverageOptions = {}): HistoricalAverage {
  const fn = 'historicalAverage';
  if (!Array.isArray(params) || params.length === 0) fail(fn, 'params', 'a non-empty array of tf.Variables', params);
  params.forEach((p, i) => {
    if (!(p instanceof tf.Variable)) fail(fn, `params[${i}]`, 'a tf.Variable', p);
  });
  const decay = options.decay;
  if (decay !== undefined) {
    inRange(fn, 'decay', decay, 0, 1);
    if (decay === 1) fail(fn, 'decay', 'a number in [0, 1) (1 would never move the average)', decay);
  }
  const scope = uniqueScope('historicalAverage');
  // tidy frees the clones; the variables keep the data (tidy never disposes variables).
  const averages = tf.tidy(() => params.map((p, i) => tf.variable(p.clone(), false, `${scope}/${i}`)));
  let count = 1;
  const penalty = (weight: number) => {
    nonNegative('HistoricalAverage.penalty', 'weight', weight);
    return tf.tidy(() => tf.mul(weight, tf.addN(params.map((p, i) => tf.sum(tf.square(tf.sub(p, averages[i])))))) as Scalar);
  };
  return {
    params: [...params],
    averages,
    get count() {
      return count;
    },
    update: () => {
      count++;
      // Weight of the new value: 1/t for the plain average, 1 - decay for the EMA.
      const w = decay === undefined ? 1 / count : 1 - decay;
      tf.tidy(() => averages.forEach((m, i) => m.assign(tf.add(m, tf.mul(w, tf.sub(params[i], m))))));
    },
    penalty,
    regularizer: (weight: number) => {
      nonNegative('HistoricalAverage.regularizer', 'weight', weight);
      const term = () => penalty(weight);
      return withForm<typeof term, RegularizerForm>(term, { kind: 'pull', params, targets: averages, weight });
    },
    dispose: () => averages.forEach((m) => m.dispose()),
  };
}
