/**
 * Smoothing a noisy curve (a loss or a gradient norm per step) for display: a trailing moving average, and a
 * centred median filter, which ignores isolated spikes.
 */
import { finiteArray, integer } from '../validate';
import { median } from './summary';

/**
 * The trailing moving average: out[i] = mean(xs[max(0, i - window + 1) .. i]), the mean of the last `window`
 * values up to and including i (fewer at the start). Same length as xs; window 1 returns xs.
 */
export function movingAverage(xs: ArrayLike<number>, window: number): number[] {
  finiteArray('movingAverage', 'xs', xs, 0);
  integer('movingAverage', 'window', window, 1);
  const out: number[] = [];
  // Summed afresh for each i (no running sum whose rounding drifts over a long run).
  for (let i = 0; i < xs.length; i++) {
    const lo = Math.max(0, i - window + 1);
    let sum = 0;
    for (let k = lo; k <= i; k++) sum += xs[k];
    out.push(sum / (i + 1 - lo));
  }
  return out;
}

/**
 * The centred median filter: out[i] = median(xs[max(0, i - h) .. min(n - 1, i + h)]) with h = floor(window / 2),
 * a window of 2h + 1 values (shorter at the ends). Same length as xs.
 */
export function medianFilter(xs: ArrayLike<number>, window: number): number[] {
  finiteArray('medianFilter', 'xs', xs, 0);
  integer('medianFilter', 'window', window, 1);
  const h = window >> 1;
  const values = Array.from(xs);
  return values.map((_, i) => median(values.slice(Math.max(0, i - h), i + h + 1)));
}

/**
 * The centred moving average: out[i] = mean(xs[max(0, i - h) .. min(n - 1, i + h)]) with h = floor(window / 2),
 * shorter at the ends; the trend that {@link detrend} removes. Same length as xs.
 */
export function centredMovingAverage(xs: ArrayLike<number>, window: number): number[] {
  finiteArray('centredMovingAverage', 'xs', xs, 0);
  integer('centredMovingAverage', 'window', window, 1);
  const h = window >> 1;
  const values = Array.from(xs);
  return values.map((_, i) => {
    const part = values.slice(Math.max(0, i - h), i + h + 1);
    return part.reduce((s, v) => s + v, 0) / part.length;
  });
}
