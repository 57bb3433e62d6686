/**
 * The toy data sets of the WGAN-GP paper's public script gan_toy.py (Gulrajani et al. 2017), seeded:
 * 8 Gaussians on a circle, 25 Gaussians on a grid, and the Swiss roll, each rescaled by the script's constant
 * so its spread is about 1; plus equal-weight mixtures of 1D Gaussians for the 1D lessons.
 *
 * Differences from the script: points are drawn i.i.d. (mode uniform at random) from our Rng, where the script
 * shuffles a fixed set of 100,000 points with exactly equal mode counts for the 25 Gaussians; the 8 modes are
 * listed by angle (0°, 45°, ..., 315°) rather than in the script's order.
 */
import type { Rng } from '../random';
import { fail, finite, finiteArray, positive } from '../validate';
import { makeSampler, type Sampler } from './sampler';

/** A mixture of equal-weight isotropic Gaussians: a Sampler that also knows its modes, for mode metrics. */
export interface MixtureSampler extends Sampler {
  /** Mode centres after scaling, one array of length dim per mode. */
  readonly centres: readonly (readonly number[])[];
  /** The per-coordinate standard deviation of every mode after scaling. */
  readonly modeStd: number;
}

/** Options of {@link isotropicGaussianMixture}. */
export interface IsotropicMixtureOptions {
  /** A label for plots. */
  name: string;
  /** Mode centres before scaling, all of the same length dim. */
  centres: readonly (readonly number[])[];
  /** Per-coordinate std of each mode before scaling. */
  std: number;
  /** Every point is divided by this (default 1). */
  scale?: number;
}

/**
 * x = (c_k + std z) / scale with k uniform on the K modes and z ~ N(0, I_dim): the construction of gan_toy.py's
 * Gaussian toys. Reports centres c_k / scale and modeStd std / scale.
 */
export function isotropicGaussianMixture(options: IsotropicMixtureOptions): MixtureSampler {
  const fn = 'isotropicGaussianMixture';
  const { name, centres } = options;
  const std = positive(fn, 'std', options.std);
  const scale = positive(fn, 'scale', options.scale ?? 1);
  if (!Array.isArray(centres as unknown) || centres.length === 0) fail(fn, 'centres', 'a non-empty array of points', centres);
  const dim = centres[0].length;
  if (!(dim >= 1)) fail(fn, 'centres[0]', 'a point with at least one coordinate', centres[0]);
  centres.forEach((c, k) => {
    if (c.length !== dim) fail(fn, `centres[${k}]`, `a point of dimension ${dim} (that of centres[0])`, c);
    c.forEach((v, j) => finite(fn, `centres[${k}][${j}]`, v));
  });
  const K = centres.length;
  const flat = Float64Array.from(centres.flat());
  const sampler = makeSampler(name, dim, (rng: Rng, n: number) => {
    const out = new Float32Array(n * dim);
    for (let i = 0; i < n; i++) {
      const k = rng.int(K);
      for (let j = 0; j < dim; j++) out[i * dim + j] = (flat[k * dim + j] + std * rng.normal()) / scale;
    }
    return out;
  });
  return {
    ...sampler,
    centres: Object.freeze(centres.map((c) => Object.freeze(c.map((v) => v / scale)))),
    modeStd: std / scale,
  };
}

/**
 * 8 Gaussians: centres on the circle of radius 2 every 45°, std 0.02, everything divided by 1.414
 * (gan_toy.py): modes at radius 1.4144, mode std 0.01414.
 */
export function eightGaussians(): MixtureSampler {
  const centres = Array.from({ length: 8 }, (_, k) => [2 * Math.cos((k * Math.PI) / 4), 2 * Math.sin((k * Math.PI) / 4)]);
  return isotropicGaussianMixture({ name: '8 Gaussians', centres, std: 0.02, scale: 1.414 });
}

/**
 * 25 Gaussians: centres on the grid {-4, -2, 0, 2, 4}^2, std 0.05, everything divided by 2.828 (gan_toy.py):
 * mode spacing 0.7072, mode std 0.01768. Modes listed with x outer, y inner: mode 5 i + j is (2i - 4, 2j - 4) / 2.828.
 */
export function twentyFiveGaussians(): MixtureSampler {
  const centres: number[][] = [];
  for (let i = -2; i <= 2; i++) for (let j = -2; j <= 2; j++) centres.push([2 * i, 2 * j]);
  return isotropicGaussianMixture({ name: '25 Gaussians', centres, std: 0.05, scale: 2.828 });
}

/** Options of {@link swissRoll}; the defaults are gan_toy.py's. */
export interface SwissRollOptions {
  /** Std of the Gaussian noise added to each coordinate before scaling (default 0.25). */
  noise?: number;
  /** Every point is divided by this (default 7.5). */
  scale?: number;
}

/**
 * The 2D Swiss roll of gan_toy.py (scikit-learn's make_swiss_roll, coordinates 0 and 2): t uniform on
 * [1.5 pi, 4.5 pi], x = (t cos t + noise e1, t sin t + noise e2) / scale, e ~ N(0, I).
 */
export function swissRoll(options: SwissRollOptions = {}): Sampler {
  const noise = positive('swissRoll', 'noise', options.noise ?? 0.25);
  const scale = positive('swissRoll', 'scale', options.scale ?? 7.5);
  return makeSampler('Swiss roll', 2, (rng, n) => {
    const out = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      const t = 1.5 * Math.PI * (1 + 2 * rng.uniform());
      out[2 * i] = (t * Math.cos(t) + noise * rng.normal()) / scale;
      out[2 * i + 1] = (t * Math.sin(t) + noise * rng.normal()) / scale;
    }
    return out;
  });
}

/** An equal-weight mixture of 1D Gaussians N(m_k, std^2) (one mode: a single Gaussian), for the 1D lessons. */
export function gaussians1D(means: readonly number[], std: number): MixtureSampler {
  finiteArray('gaussians1D', 'means', means);
  positive('gaussians1D', 'std', std);
  const name = means.length === 1 ? `N(${means[0]}, ${std}²)` : `${means.length} Gaussians in 1D`;
  return isotropicGaussianMixture({ name, centres: means.map((m) => [m]), std });
}
