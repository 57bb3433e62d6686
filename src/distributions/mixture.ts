/**
 * Mixtures of 1D Gaussians, sum_k w_k N(m_k, s_k^2): multimodal targets for the 1D lessons, with an exact
 * density and distribution function and a quantile function found numerically.
 */
import type { Rng } from '../random';
import { fail, finiteArray, integer } from '../validate';
import { erfc, normalQuantile } from '../numerics/special';
import type { Density1D } from './density';

/** A 1D Gaussian mixture; `weights` are normalised to sum to 1. */
export interface GaussianMixture1D extends Density1D {
  readonly kind: 'gaussianMixture';
  readonly weights: readonly number[];
  readonly means: readonly number[];
  readonly stds: readonly number[];
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * p(x) = sum_k w_k N(x; m_k, s_k^2), weights normalised by their sum. The log-density is a log-sum-exp
 * (finite far into the tails); the quantile solves F(x) = u by safeguarded Newton steps inside the bracket
 * [min_k Q_k(u), max_k Q_k(u)] of the components' quantiles, which always holds the mixture's quantile.
 */
export function gaussianMixture(
  weights: ArrayLike<number>,
  means: ArrayLike<number>,
  stds: ArrayLike<number>,
): GaussianMixture1D {
  const fn = 'gaussianMixture';
  finiteArray(fn, 'weights', weights);
  finiteArray(fn, 'means', means);
  finiteArray(fn, 'stds', stds);
  const K = weights.length;
  if (means.length !== K) fail(fn, 'means', `an array of length ${K} (the length of 'weights')`, means);
  if (stds.length !== K) fail(fn, 'stds', `an array of length ${K} (the length of 'weights')`, stds);
  let total = 0;
  for (let k = 0; k < K; k++) {
    if (weights[k] < 0) fail(fn, `weights[${k}]`, 'a number >= 0', weights[k]);
    if (!(stds[k] > 0)) fail(fn, `stds[${k}]`, 'a finite number > 0', stds[k]);
    total += weights[k];
  }
  if (!(total > 0)) fail(fn, 'weights', 'weights with a positive sum', total);
  // Components of weight 0 are dropped: they change nothing and would put -Infinity in the log-sum-exp.
  const w: number[] = [];
  const m: number[] = [];
  const s: number[] = [];
  for (let k = 0; k < K; k++) {
    if (weights[k] > 0) {
      w.push(weights[k] / total);
      m.push(means[k]);
      s.push(stds[k]);
    }
  }
  const logW = w.map(Math.log);
  const logNorm = s.map((sk, k) => logW[k] - Math.log(sk) - LOG_SQRT_2PI);
  const cumW = new Float64Array(w.length);
  w.reduce((acc, wk, k) => (cumW[k] = acc + wk), 0);

  const logPdf = (x: number) => {
    let max = -Infinity;
    const terms = logNorm.map((c, k) => c - 0.5 * ((x - m[k]) / s[k]) ** 2);
    for (const t of terms) if (t > max) max = t;
    let sum = 0;
    for (const t of terms) sum += Math.exp(t - max);
    return max + Math.log(sum);
  };
  const pdf = (x: number) => Math.exp(logPdf(x));
  // F(x) and 1 - F(x), each from the components' erfc so that both tails keep their relative accuracy.
  const cdf = (x: number) => w.reduce((acc, wk, k) => acc + 0.5 * wk * erfc(-(x - m[k]) / (s[k] * Math.SQRT2)), 0);
  const sf = (x: number) => w.reduce((acc, wk, k) => acc + 0.5 * wk * erfc((x - m[k]) / (s[k] * Math.SQRT2)), 0);

  const quantile = (u: number) => {
    if (!(u >= 0 && u <= 1)) fail('GaussianMixture1D.quantile', 'u', 'a number in [0, 1]', u);
    if (u === 0) return -Infinity;
    if (u === 1) return Infinity;
    const z = normalQuantile(u);
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = 0; k < w.length; k++) {
      lo = Math.min(lo, m[k] + s[k] * z);
      hi = Math.max(hi, m[k] + s[k] * z);
    }
    if (lo === hi) return lo;
    // Solve g(x) = 0 with g increasing: F(x) - u in the lower half, (1 - u) - (1 - F(x)) in the upper half.
    const upper = u > 0.5;
    const target = upper ? 1 - u : u;
    const g = (x: number) => (upper ? target - sf(x) : cdf(x) - target);
    let x = 0.5 * (lo + hi);
    for (let it = 0; it < 100; it++) {
      const gx = g(x);
      if (gx === 0) return x;
      if (gx < 0) lo = x;
      else hi = x;
      const step = gx / pdf(x);
      // Converged when the Newton step is lost in rounding (g itself stalls at its rounding floor).
      if (Math.abs(step) <= 4 * Number.EPSILON * Math.max(1, Math.abs(x))) return x - step;
      const newton = x - step;
      // Newton inside the bracket, bisection otherwise.
      x = newton > lo && newton < hi ? newton : 0.5 * (lo + hi);
      if (hi - lo <= 4 * Number.EPSILON * Math.max(1, Math.abs(x))) break;
    }
    return x;
  };

  const terms = w.map((wk, k) => `${+wk.toPrecision(3)} N(${+m[k].toPrecision(4)}, ${+s[k].toPrecision(4)}²)`);
  return {
    kind: 'gaussianMixture',
    name: terms.join(' + '),
    weights: w,
    means: m,
    stds: s,
    pdf,
    logPdf,
    cdf,
    quantile,
    // 7.5 standard deviations of every component hold all but 6e-14 of the mass.
    support: () => [Math.min(...m.map((mk, k) => mk - 7.5 * s[k])), Math.max(...m.map((mk, k) => mk + 7.5 * s[k]))],
    sample: (rng: Rng, n: number) => {
      integer('GaussianMixture1D.sample', 'n', n, 0);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const r = rng.uniform();
        let k = 0;
        while (k < cumW.length - 1 && r >= cumW[k]) k++;
        out[i] = m[k] + s[k] * rng.normal();
      }
      return out;
    },
  };
}
