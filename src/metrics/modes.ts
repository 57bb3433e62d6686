/**
 * Mode coverage of generated samples on mixture toys (the metrics of the VEEGAN and PacGAN papers, Srivastava
 * et al. 2017, Lin et al. 2018, usually on 2,500 samples): a sample is high quality when it lies within three
 * standard deviations of its nearest mode's centre; a mode is covered when at least 20 high-quality samples
 * are nearest to it; and the reverse KL compares the histogram of high-quality samples over the modes with the
 * uniform distribution of the true mixture.
 *
 * Note: in 2D, "within 3 std" holds for 1 - e^{-9/2} = 98.89% of a mode's own samples (the radius of an
 * isotropic 2D Gaussian is Rayleigh), not the 99.73% of the 1D three-sigma rule.
 */
import type { Tensor2D } from '@tensorflow/tfjs';
import { fail, finiteArray, integer, positive, shape } from '../validate';

/** The modes a metric needs: the centres (each of length dim) and the per-coordinate std of every mode. */
export interface MixtureModes {
  readonly dim: number;
  readonly centres: readonly (readonly number[])[];
  readonly modeStd: number;
}

/** Options of {@link modeCoverage}. */
export interface ModeCoverageOptions {
  /** A sample is high quality when within this many mode stds of its nearest centre (default 3). */
  stdMultiple?: number;
  /** A mode is covered when at least this many high-quality samples are nearest to it (default 20). */
  minSamplesPerMode?: number;
}

/** The mode metrics of a set of samples. */
export interface ModeCoverage {
  /** Number of samples n. */
  samples: number;
  /** Number of modes K. */
  modes: number;
  /** The histogram: modeCounts[k] = number of high-quality samples whose nearest centre is mode k. */
  modeCounts: number[];
  /** Fraction (in [0, 1], not percent) of all samples that are high quality. */
  highQualityFraction: number;
  /** Number of modes with at least minSamplesPerMode high-quality samples. */
  modesCovered: number;
  /** KL(q || uniform) in nats of the normalised histogram q, see {@link klToUniform}; NaN without any high-quality sample. */
  reverseKL: number;
}

/** Points as a flat row-major array, rows of numbers, or a [n, dim] tensor. */
export type PointsInput = Float32Array | Float64Array | readonly number[] | readonly (readonly number[])[] | Tensor2D;

function isTensor(x: unknown): x is Tensor2D {
  return typeof x === 'object' && x !== null && typeof (x as Tensor2D).dataSync === 'function' && Array.isArray((x as Tensor2D).shape);
}

/** Flattens points to a row-major Float64Array of n * dim finite numbers, naming the function in errors. */
function flattenPoints(fn: string, name: string, points: PointsInput, dim: number): Float64Array {
  let flat: ArrayLike<number>;
  if (isTensor(points)) {
    shape(fn, name, points.shape, [null, dim]);
    flat = points.dataSync();
  } else if (Array.isArray(points) && points.length > 0 && Array.isArray(points[0])) {
    const rows = points as readonly (readonly number[])[];
    const out = new Float64Array(rows.length * dim);
    rows.forEach((r, i) => {
      if (!Array.isArray(r) || r.length !== dim) fail(fn, `${name}[${i}]`, `a point of ${dim} numbers`, r);
      for (let j = 0; j < dim; j++) out[i * dim + j] = r[j];
    });
    flat = out;
  } else {
    flat = points as ArrayLike<number>;
  }
  finiteArray(fn, name, flat);
  if (flat.length % dim !== 0) fail(fn, name, `a flat array whose length is a multiple of dim = ${dim}`, flat);
  return Float64Array.from(flat);
}

/**
 * KL(q || u) = sum_k q_k log(q_k K) in nats, q = counts / sum(counts), u uniform on the K entries: 0 for a
 * uniform histogram, log K when everything is in one entry. Empty entries contribute 0 (0 log 0 = 0); NaN when
 * all counts are 0 (q is undefined).
 */
export function klToUniform(counts: ArrayLike<number>): number {
  finiteArray('klToUniform', 'counts', counts);
  const K = counts.length;
  let total = 0;
  for (let k = 0; k < K; k++) {
    if (counts[k] < 0) fail('klToUniform', `counts[${k}]`, 'a number >= 0', counts[k]);
    total += counts[k];
  }
  if (total === 0) return NaN;
  let kl = 0;
  for (let k = 0; k < K; k++) {
    const q = counts[k] / total;
    if (q > 0) kl += q * Math.log(q * K);
  }
  return Math.max(0, kl);
}

/**
 * Mode metrics of generated samples against a mixture's modes: each sample is assigned to its nearest centre
 * (Euclidean); it is high quality when that distance is <= stdMultiple * modeStd (default 3 std). Returns the
 * histogram of high-quality samples over the modes, the high-quality fraction, the number of covered modes
 * (>= minSamplesPerMode high-quality samples, default 20) and the reverse KL of the histogram to uniform.
 * `points`: n x dim, flat row-major, as rows, or a [n, dim] tensor (read back once).
 */
export function modeCoverage(points: PointsInput, mixture: MixtureModes, options: ModeCoverageOptions = {}): ModeCoverage {
  const fn = 'modeCoverage';
  const dim = integer(fn, 'mixture.dim', mixture?.dim, 1);
  const modeStd = positive(fn, 'mixture.modeStd', mixture.modeStd);
  const centres = mixture.centres;
  if (!Array.isArray(centres as unknown) || centres.length === 0) fail(fn, 'mixture.centres', 'a non-empty array of points', centres);
  centres.forEach((c, k) => {
    if (c.length !== dim) fail(fn, `mixture.centres[${k}]`, `a point of dimension ${dim}`, c);
    finiteArray(fn, `mixture.centres[${k}]`, c);
  });
  const radius = positive(fn, 'stdMultiple', options.stdMultiple ?? 3) * modeStd;
  const minCount = integer(fn, 'minSamplesPerMode', options.minSamplesPerMode ?? 20, 1);
  const x = flattenPoints(fn, 'points', points, dim);
  const n = x.length / dim;
  const K = centres.length;
  const c = Float64Array.from(centres.flat());
  const counts = new Array<number>(K).fill(0);
  const r2 = radius * radius;
  let good = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestD2 = Infinity;
    for (let k = 0; k < K; k++) {
      let d2 = 0;
      for (let j = 0; j < dim; j++) {
        const d = x[i * dim + j] - c[k * dim + j];
        d2 += d * d;
      }
      if (d2 < bestD2) {
        bestD2 = d2;
        best = k;
      }
    }
    if (bestD2 <= r2) {
      counts[best]++;
      good++;
    }
  }
  return {
    samples: n,
    modes: K,
    modeCounts: counts,
    highQualityFraction: good / n,
    modesCovered: counts.filter((m) => m >= minCount).length,
    reverseKL: klToUniform(counts),
  };
}
