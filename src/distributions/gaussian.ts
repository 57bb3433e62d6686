/**
 * The 1D Gaussian N(mean, std^2): density, distribution and quantile functions, and a seeded sampler.
 */
import type { HasSupport } from '../quadrature';
import type { Rng } from '../random';
import { finite, integer, positive } from '../validate';

/** A distribution on the real line with a density, the interface the 1D tools (divergences, D*) take. */
export interface Density1D extends HasSupport {
  /** A short label for plots and messages, e.g. "N(0, 1)". */
  readonly name: string;
  /** Probability density at x. */
  pdf(x: number): number;
  /** Natural log of the density at x (finite far into the tails, unlike log(pdf(x))). */
  logPdf(x: number): number;
  /** Cumulative distribution function P(X <= x). */
  cdf(x: number): number;
  /** Quantile function F^-1(u) for u in (0, 1). */
  quantile(u: number): number;
  /** n independent draws. */
  sample(rng: Rng, n: number): Float64Array;
}

/** A 1D Gaussian N(mean, std^2). */
export interface Gaussian1D extends Density1D {
  readonly kind: 'gaussian';
  readonly mean: number;
  readonly std: number;
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * The complementary error function erfc(x) = 1 - erf(x), to about 1e-14 relative error: the Maclaurin series
 * of erf for |x| < 3, and for |x| >= 3 the continued fraction
 * erfc(x) = e^(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), accurate deep into the tail.
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const z = Math.abs(x);
  let r: number;
  if (z < 3) {
    // erf(z) = 2/sqrt(pi) * sum_n (-1)^n z^(2n+1) / (n! (2n+1))
    let term = z;
    let sum = z;
    for (let n = 1; n < 200; n++) {
      term *= (-z * z) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    r = 1 - (2 / Math.sqrt(Math.PI)) * sum;
  } else {
    let f = z;
    for (let k = 80; k >= 1; k--) f = z + k / 2 / f;
    r = Math.exp(-z * z) / Math.sqrt(Math.PI) / f;
  }
  return x >= 0 ? r : 2 - r;
}

/** Standard normal CDF Phi(z). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/**
 * Standard normal quantile Phi^-1(u) (Acklam's rational approximation, relative error 1.15e-9,
 * refined by one Halley step).
 */
export function normalQuantile(u: number): number {
  if (!(u > 0 && u < 1)) {
    if (u === 0) return -Infinity;
    if (u === 1) return Infinity;
    throw new RangeError(`normalQuantile: argument 'u' must be a number in [0, 1], got ${u}`);
  }
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  let x: number;
  if (u < pl) {
    const q = Math.sqrt(-2 * Math.log(u));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (u <= 1 - pl) {
    const q = u - 0.5;
    const r = q * q;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - u));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  // One Halley step against the erfc-based CDF.
  const e = normalCdf(x) - u;
  const g = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - g / (1 + (x * g) / 2);
}

/** N(mean, std^2) on the real line. Throws if std is not a positive finite number. */
export function gaussian(mean: number, std: number): Gaussian1D {
  finite('gaussian', 'mean', mean);
  positive('gaussian', 'std', std);
  const logNorm = -Math.log(std) - LOG_SQRT_2PI;
  return {
    kind: 'gaussian',
    name: `N(${+mean.toPrecision(4)}, ${+std.toPrecision(4)}²)`,
    mean,
    std,
    pdf: (x) => Math.exp(logNorm - 0.5 * ((x - mean) / std) ** 2),
    logPdf: (x) => logNorm - 0.5 * ((x - mean) / std) ** 2,
    cdf: (x) => normalCdf((x - mean) / std),
    quantile: (u) => mean + std * normalQuantile(u),
    // 7.5 standard deviations hold all but 6e-14 of the mass.
    support: () => [mean - 7.5 * std, mean + 7.5 * std],
    sample: (rng, n) => {
      integer('Gaussian1D.sample', 'n', n, 0);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = mean + std * rng.normal();
      return out;
    },
  };
}
