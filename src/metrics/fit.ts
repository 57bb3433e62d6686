/**
 * Least-squares line fits, for rates read off a plot: the slope of log(error) against log(n) (lesson 03's
 * n^(-1/2)), or of log10(gradient norm) against depth (lesson 04's exploding and vanishing gradients).
 */
import { fail, finiteArray } from '../validate';

/** A fitted line y ≈ intercept + slope x, with its coefficient of determination. */
export interface LinearFit {
  /** b in y ≈ a + b x. */
  slope: number;
  /** a in y ≈ a + b x. */
  intercept: number;
  /** R² = 1 - SS_res / SS_tot = Sxy² / (Sxx Syy), in [0, 1]; 1 when all ys are equal (the line is exact). */
  r2: number;
}

/**
 * Ordinary least squares y ≈ a + b x: b = Sxy / Sxx, a = mean(y) - b mean(x), R² = Sxy² / (Sxx Syy), with
 * Sxy = sum (x_i - mean x)(y_i - mean y). Needs at least 2 points and not all xs equal. For a power law y = c n^k,
 * fit log y against log n: the slope is k.
 */
export function linearFit(xs: ArrayLike<number>, ys: ArrayLike<number>): LinearFit {
  const fn = 'linearFit';
  finiteArray(fn, 'xs', xs, 2);
  finiteArray(fn, 'ys', ys, 2);
  const n = xs.length;
  if (ys.length !== n) fail(fn, 'ys', `an array of ${n} numbers (the length of 'xs')`, `${ys.length} numbers`);
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i];
    my += ys[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  if (!(sxx > 0)) fail(fn, 'xs', 'at least two different values', `all equal to ${xs[0]}`);
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx, r2: syy === 0 ? 1 : (sxy * sxy) / (sxx * syy) };
}
