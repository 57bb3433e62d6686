/**
 * A 1D density as a histogram: its masses on bins centred on a uniform grid, the discrete distributions that
 * exact optimal transport and Sinkhorn take (lesson 03's dirt and holes).
 */
import { fail, finite, finiteArray, integer } from '../validate';
import type { Density1D } from './density';

/**
 * The masses of `density` on bins of width h centred on the uniform grid x_0 < ... < x_{n-1} (h = x_1 - x_0),
 * normalised to sum to 1: m_i = (F(x_i + h/2) - F(x_i - h/2)) / sum_k (F(x_k + h/2) - F(x_k - h/2)), F the cdf.
 * The normalisation puts the (small) mass outside [x_0 - h/2, x_{n-1} + h/2] back in proportion. Throws if the
 * grid has fewer than 2 points, is not increasing and evenly spaced (to 1e-6 relative, so float32 grids pass), or holds no mass.
 */
export function binMasses(density: Density1D, grid: ArrayLike<number>): Float64Array {
  const fn = 'binMasses';
  finiteArray(fn, 'grid', grid, 2);
  const n = grid.length;
  const h = (grid[n - 1] - grid[0]) / (n - 1);
  if (!(h > 0)) fail(fn, 'grid', 'an increasing, evenly spaced grid', grid);
  for (let i = 1; i < n; i++) {
    if (Math.abs(grid[i] - grid[i - 1] - h) > 1e-6 * Math.max(h, Math.abs(grid[i]))) {
      fail(fn, `grid[${i}]`, `grid[${i - 1}] + ${h} (an evenly spaced grid)`, grid[i]);
    }
  }
  const out = new Float64Array(n);
  // Edges x_0 - h/2 + k h, each cdf evaluated once, so adjacent bins share their edge exactly.
  let below = density.cdf(grid[0] - h / 2);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const above = density.cdf(grid[0] + (i + 0.5) * h);
    out[i] = Math.max(0, above - below);
    total += out[i];
    below = above;
  }
  if (!(total > 0)) fail(fn, 'grid', `a grid where ${density.name} has mass`, `[${grid[0]}, ..., ${grid[n - 1]}]`);
  for (let i = 0; i < n; i++) out[i] /= total;
  return out;
}

/** The n centres of n equal bins covering [lo, hi]: lo + (i + 1/2)(hi - lo)/n, the grid {@link binMasses} takes. */
export function binCentres(lo: number, hi: number, n: number): Float64Array {
  const fn = 'binCentres';
  integer(fn, 'n', n, 1);
  finite(fn, 'lo', lo);
  finite(fn, 'hi', hi);
  if (!(hi > lo)) fail(fn, 'hi', `a number > lo = ${lo}`, hi);
  return Float64Array.from({ length: n }, (_, i) => lo + ((i + 0.5) * (hi - lo)) / n);
}
