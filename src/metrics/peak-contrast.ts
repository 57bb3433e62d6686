/**
 * How clearly a critic's value surface peaks on a mixture's modes (the WGAN-GP paper's Figure 1a, Gulrajani et al.
 * 2017): a penalised critic trained against real data plus noise should rise on every mode and dip between
 * neighbouring modes; a critic that is too simple (or trained too briefly) draws rings or one hill instead.
 *
 *   contrast = (mean D(centres) - mean D(midpoints)) / (mean D(centres) - mean D(grid))
 *
 * with a point between every pair of nearest-neighbour modes, and the grid's mean over the square [-r, r]^2. The point
 * between two modes is their midpoint, except for two modes at the same distance from the modes' centroid (the 8
 * Gaussians' ring), where it is the middle of the arc through them around the centroid: a surface that depends only on the
 * distance to the centre (a ring, the failure this measures) then scores 0, not the dip of the chord. It does
 * not depend on the critic's scale or offset (a critic is defined up to both); 0 when the midpoints are as high as the
 * modes, negative when they are higher. A 1-Lipschitz cone on every mode, max_k -|x - c_k|, scores 0.49 on the 8 Gaussians
 * and 0.43 on the 25 (the unit test's values). A mode is a **peak** when the surface at its centre is higher than at every
 * point between it and a neighbour, by more than 1% of (mean D(centres) - mean D(grid)).
 */
import { fail, integer, positive } from '../validate';
import type { MixtureModes } from './modes';

/** What {@link peakContrast} measured. */
export interface PeakContrast {
  /** (centres - midpoints) / (centres - grid), see the module comment. */
  contrast: number;
  /** Modes whose centre is higher than every point between it and a neighbouring mode (by 1% of the scale). */
  peaks: number;
  /** Number of modes. */
  modes: number;
  /** Mean of the surface at the centres, at the midpoints, over the grid. */
  centreMean: number;
  midpointMean: number;
  gridMean: number;
}

/** Options of {@link peakContrast}. */
export interface PeakContrastOptions {
  /** Half-width r of the square [-r, r]^2 whose mean is the baseline (default 3, the paper's plots). */
  range?: number;
  /** Points per side of that grid (default 64). */
  gridPoints?: number;
}

/**
 * The peak contrast of a 2D surface on a mixture's modes: `evaluate(points)` returns the surface at n points given as
 * flat (x, y) pairs, e.g. `(p) => applyToArray(critic, p, 2)`.
 */
export function peakContrast(evaluate: (points: Float32Array) => ArrayLike<number>, mixture: MixtureModes, options: PeakContrastOptions = {}): PeakContrast {
  const fn = 'peakContrast';
  if (mixture.dim !== 2) fail(fn, 'mixture', 'a mixture in the plane (dim 2)', mixture.dim);
  const centres = mixture.centres;
  if (centres.length < 2) fail(fn, 'mixture', 'a mixture of at least 2 modes', centres.length);
  const range = positive(fn, 'range', options.range ?? 3);
  const n = integer(fn, 'gridPoints', options.gridPoints ?? 64, 2);
  const dist = (a: readonly number[], b: readonly number[]) => Math.hypot(a[0] - b[0], a[1] - b[1]);
  let spacing = Infinity;
  for (let i = 0; i < centres.length; i++) for (let j = i + 1; j < centres.length; j++) spacing = Math.min(spacing, dist(centres[i], centres[j]));
  const centroid = [0, 1].map((d) => centres.reduce((s, c) => s + c[d], 0) / centres.length);
  const midpoints: number[] = [];
  const pairs: [number, number][] = [];
  for (let i = 0; i < centres.length; i++) {
    for (let j = i + 1; j < centres.length; j++) {
      if (dist(centres[i], centres[j]) > 1.01 * spacing) continue;
      const [a, b] = [centres[i], centres[j]];
      const mid = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
      const [ra, rb, rm] = [dist(a, centroid), dist(b, centroid), dist(mid, centroid)];
      // Same distance from the centroid: the middle of the arc, at that distance, in the midpoint's direction.
      const onArc = Math.abs(ra - rb) <= 1e-6 * Math.max(ra, rb) && rm > 1e-9;
      pairs.push([i, j]);
      midpoints.push(...(onArc ? [0, 1].map((d) => centroid[d] + ((mid[d] - centroid[d]) * ra) / rm) : mid));
    }
  }
  const grid: number[] = [];
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) grid.push(-range + (2 * range * (c + 0.5)) / n, -range + (2 * range * (r + 0.5)) / n);
  const all = Float32Array.from([...centres.flatMap((c) => [c[0], c[1]]), ...midpoints, ...grid]);
  const values = evaluate(all);
  if (values.length !== all.length / 2) fail(fn, 'evaluate', `a function returning one value per point (${all.length / 2})`, `${values.length} values`);
  const K = centres.length, M = midpoints.length / 2;
  const mean = (from: number, count: number) => {
    let s = 0;
    for (let i = from; i < from + count; i++) s += values[i];
    return s / count;
  };
  const centreMean = mean(0, K), midpointMean = mean(K, M), gridMean = mean(K + M, n * n);
  const margin = 0.01 * (centreMean - gridMean);
  const peak = Array.from({ length: K }, () => true);
  pairs.forEach(([i, j], m) => {
    if (!(values[i] - values[K + m] > margin)) peak[i] = false;
    if (!(values[j] - values[K + m] > margin)) peak[j] = false;
  });
  const peaks = peak.filter(Boolean).length;
  return { contrast: (centreMean - midpointMean) / (centreMean - gridMean), peaks, modes: K, centreMean, midpointMean, gridMean };
}
