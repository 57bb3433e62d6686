/**
 * Whether two noisy curves move together, not merely in the same direction: Pearson's correlation of their
 * step-to-step changes after each has had its trend (a centred moving average) removed. Two curves that both fall
 * smoothly from a high start have changes that are all negative and largest early, which raw correlations reward;
 * after detrending only the wiggles are left, and those correlate only if one curve follows the other. A control
 * that keeps a curve's trend and shuffles its wiggles ({@link shuffledResiduals}) shows what chance alone gives.
 */
import type { Rng } from '../random';
import { fail, finiteArray, integer } from '../validate';
import { linearFit } from './fit';
import { centredMovingAverage } from './smoothing';

/** Pearson's correlation coefficient of two series of equal length (>= 3): the sign of the least-squares slope times sqrt(R²); 0 if b is constant. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  finiteArray('pearson', 'a', a, 3);
  finiteArray('pearson', 'b', b, 3);
  if (a.length !== b.length) fail('pearson', 'b', `a series as long as 'a' (${a.length})`, `${b.length} values`);
  const { slope, r2 } = linearFit(a, b);
  return Math.sign(slope) * Math.sqrt(r2);
}

/** The residuals of a series about its trend: xs minus its centred moving average of `window` points. */
export function detrend(xs: ArrayLike<number>, window: number): number[] {
  const trend = centredMovingAverage(xs, window);
  return Array.from(xs, (x, i) => x - trend[i]);
}

/** The changes x[i + 1] - x[i] of a series (one fewer value). */
export function differences(xs: ArrayLike<number>): number[] {
  return Array.from({ length: Math.max(0, xs.length - 1) }, (_, i) => xs[i + 1] - xs[i]);
}

/** Pearson's correlation of the step-to-step changes of a and b after detrending each (centred moving average of `window`). */
export function changeCorrelation(a: ArrayLike<number>, b: ArrayLike<number>, window: number): number {
  integer('changeCorrelation', 'window', window, 1);
  if (a.length < 4) fail('changeCorrelation', 'a', 'a series of at least 4 values', `${a.length} values`);
  return pearson(differences(detrend(a, window)), differences(detrend(b, window)));
}

/** A control series: the trend of xs plus its residuals in a random order (the same fall, the wiggles scrambled). */
export function shuffledResiduals(xs: ArrayLike<number>, window: number, rng: Rng): number[] {
  const trend = centredMovingAverage(xs, window);
  const residuals = Array.from(xs, (x, i) => x - trend[i]);
  for (let i = residuals.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [residuals[i], residuals[j]] = [residuals[j], residuals[i]];
  }
  return trend.map((t, i) => t + residuals[i]);
}
