/**
 * Summaries of repeated measurements (over seeds, sample sizes or iterations), as lessons report them:
 * mean ± sample standard deviation, or mean ± standard error.
 */
import { finiteArray } from '../validate';

/** The arithmetic mean of at least one finite number. */
export function mean(values: ArrayLike<number>): number {
  const v = finiteArray('mean', 'values', values);
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s / v.length;
}

/** The sample standard deviation (denominator n - 1) of at least two finite numbers. */
export function sampleStd(values: ArrayLike<number>): number {
  const v = finiteArray('sampleStd', 'values', values, 2);
  const m = mean(v);
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] - m) ** 2;
  return Math.sqrt(s / (v.length - 1));
}

/** The standard error of the mean, sampleStd / sqrt(n), of at least two finite numbers. */
export function standardError(values: ArrayLike<number>): number {
  return sampleStd(values) / Math.sqrt(values.length);
}

/** The median of at least one finite number (the mean of the two middle values for an even count). */
export function median(values: ArrayLike<number>): number {
  const s = Array.from(finiteArray('median', 'values', values)).sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
