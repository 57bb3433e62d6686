/**
 * Learning-rate schedules and how they reach an optimiser. A schedule is a function of the step that
 * multiplies the optimisers' learning rates (both training loops take it as `learningRateFactor`). A late
 * drop of the rate lets samples settle onto sharp modes that a large rate keeps jumping over (lesson 05 found
 * it decisive for the high-quality fraction on the 8 Gaussians).
 */
import type { Optimizer } from '@tensorflow/tfjs';
import { integer, nonNegative } from '../validate';

/** Factor 1 before step `at`, then `factor` (e.g. stepDecay(3000, 0.1): a tenth of the rate from step 3000 on). */
export function stepDecay(at: number, factor: number): (step: number) => number {
  integer('stepDecay', 'at', at, 0);
  nonNegative('stepDecay', 'factor', factor);
  return (g) => (g < at ? 1 : factor);
}

/** Factor 1 until step `start`, then linear down to `final` at step `end`, and `final` after it. */
export function linearDecay(start: number, end: number, final = 0): (step: number) => number {
  integer('linearDecay', 'start', start, 0);
  integer('linearDecay', 'end', end, start + 1);
  nonNegative('linearDecay', 'final', final);
  return (g) => (g <= start ? 1 : g >= end ? final : 1 + ((g - start) / (end - start)) * (final - 1));
}

/** An optimiser's learning rate: TF.js optimisers keep it in a field (SGD and momentum also in a tensor, set by setLearningRate). */
interface WithLearningRate {
  learningRate?: number;
  setLearningRate?: (lr: number) => void;
}

/** Sets an optimiser's learning rate (tf.train.adam, rmsprop, sgd, momentum, and wgan-lab's adam()). */
export function setLearningRate(optimizer: Optimizer, learningRate: number): void {
  const w = optimizer as unknown as WithLearningRate;
  if (typeof w.setLearningRate === 'function') w.setLearningRate(learningRate);
  else w.learningRate = learningRate;
}

/** An optimiser's current learning rate; throws, naming `which` optimiser, if it has no numeric learningRate field. */
export function learningRateOf(fn: string, which: string, optimizer: Optimizer): number {
  const lr = (optimizer as unknown as WithLearningRate).learningRate;
  if (typeof lr !== 'number' || !Number.isFinite(lr)) {
    throw new RangeError(`${fn}: learningRateFactor needs optimisers with a numeric learningRate field (tf.train.adam, rmsprop, sgd, ...), but the ${which} has none`);
  }
  return lr;
}

/** A schedule bound to optimisers: {@link LearningRateSchedule.apply} puts each at (its base rate) x factor(step). */
export interface LearningRateSchedule {
  /** Sets every optimiser to base x factor(step); does nothing when the factor did not change (a constant phase costs nothing). */
  apply(step: number): void;
  /** Puts every optimiser back at its base rate. */
  reset(): void;
}

/**
 * Binds `factor` to optimisers, reading their base learning rates now (`optimizers` maps a name used in error
 * messages, e.g. 'critic optimiser', to the optimiser). `fn` names the caller in errors.
 */
export function learningRateSchedule(fn: string, optimizers: Record<string, Optimizer>, factor: (step: number) => number): LearningRateSchedule {
  if (typeof factor !== 'function') throw new RangeError(`${fn}: argument 'learningRateFactor' must be a function of the step`);
  const entries = Object.entries(optimizers).map(([which, o]) => ({ o, base: learningRateOf(fn, which, o) }));
  let last = 1;
  const put = (f: number) => {
    if (f === last) return;
    entries.forEach(({ o, base }) => setLearningRate(o, base * f));
    last = f;
  };
  return {
    apply: (step) => {
      const f = factor(step);
      if (!(typeof f === 'number' && Number.isFinite(f) && f >= 0)) {
        throw new RangeError(`${fn}: learningRateFactor(${step}) must be a finite number >= 0, got ${f}`);
      }
      put(f);
    },
    reset: () => put(1),
  };
}
