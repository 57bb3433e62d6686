/**
 * Divergences between 1D densities, by quadrature on a grid chosen from the densities' supports
 * (composite Gauss-Legendre on the pieces between the supports' ends, see {@link integratePiecewise}),
 * with the closed forms they are checked against. Natural logarithms throughout (nats), so the
 * Jensen-Shannon divergence lies in [0, log 2].
 */
import type { Density1D } from './distributions/density';
import { softplus } from './numerics/special';
import { integratePiecewise, supportBreakpoints } from './numerics/piecewise-quadrature';
import { finite, integer, positive } from './validate';

/**
 * Jensen-Shannon divergence JS(p || q) = 1/2 KL(p || m) + 1/2 KL(q || m), m = (p + q) / 2, in nats
 * (0 for identical densities, log 2 for disjoint ones). Computed as
 * 1/2 ∫ p (log 2 - softplus(log q - log p)) + 1/2 ∫ q (log 2 - softplus(log p - log q)), stable in the tails.
 * `intervals`: quadrature panels over the union of the supports.
 */
export function jensenShannon(p: Density1D, q: Density1D, intervals = 20000): number {
  integer('jensenShannon', 'intervals', intervals, 2);
  const f = (x: number) => {
    const lp = p.logPdf(x);
    const lq = q.logPdf(x);
    const a = lp === -Infinity ? 0 : Math.exp(lp) * (Math.LN2 - softplus(lq - lp));
    const b = lq === -Infinity ? 0 : Math.exp(lq) * (Math.LN2 - softplus(lp - lq));
    return 0.5 * (a + b);
  };
  // Clamp tiny negative quadrature error; JS is non-negative.
  return Math.max(0, integratePiecewise(f, supportBreakpoints(p, q), intervals));
}

/**
 * Kullback-Leibler divergence KL(p || q) = ∫ p(x) log(p(x) / q(x)) dx in nats (Kullback & Leibler 1951).
 * +Infinity when p has mass where q has none (log q = -Infinity where log p is finite), never NaN;
 * points where p is 0 contribute 0 (0 log 0 = 0). Mass outside the practical supports is ignored.
 * `intervals`: quadrature panels over the union of the supports.
 */
export function kullbackLeibler(p: Density1D, q: Density1D, intervals = 20000): number {
  integer('kullbackLeibler', 'intervals', intervals, 2);
  let infinite = false;
  const f = (x: number) => {
    const lp = p.logPdf(x);
    if (lp === -Infinity) return 0;
    const lq = q.logPdf(x);
    if (lq === -Infinity) {
      infinite = true;
      return 0;
    }
    return Math.exp(lp) * (lp - lq);
  };
  const kl = integratePiecewise(f, supportBreakpoints(p, q), intervals);
  // Clamp tiny negative quadrature error; KL is non-negative (Gibbs' inequality).
  return infinite ? Infinity : Math.max(0, kl);
}

/**
 * KL(N(m1, s1^2) || N(m2, s2^2)) = log(s2 / s1) + (s1^2 + (m1 - m2)^2) / (2 s2^2) - 1/2 nats, in closed form.
 */
export function klGaussian(m1: number, s1: number, m2: number, s2: number): number {
  finite('klGaussian', 'm1', m1);
  positive('klGaussian', 's1', s1);
  finite('klGaussian', 'm2', m2);
  positive('klGaussian', 's2', s2);
  return Math.log(s2 / s1) + (s1 * s1 + (m1 - m2) ** 2) / (2 * s2 * s2) - 0.5;
}

/**
 * Total variation distance TV(p, q) = sup_A |P(A) - Q(A)| = 1/2 ∫ |p(x) - q(x)| dx, in [0, 1]
 * (0 for identical densities, 1 for disjoint ones). `intervals`: quadrature panels over the union of the supports.
 */
export function totalVariation(p: Density1D, q: Density1D, intervals = 20000): number {
  integer('totalVariation', 'intervals', intervals, 2);
  const tv = 0.5 * integratePiecewise((x) => Math.abs(p.pdf(x) - q.pdf(x)), supportBreakpoints(p, q), intervals);
  return Math.min(1, Math.max(0, tv));
}
